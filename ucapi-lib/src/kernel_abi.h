/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's ucapi UAPI header under names that do not clash with the
 * library's public ones: both headers define struct ucapi_op and struct
 * ucapi_info.
 */
#ifndef UCAPI_KERNEL_ABI_H
#define UCAPI_KERNEL_ABI_H

#include <stddef.h>

#define ucapi_op ucapi_kernel_op
#define ucapi_info ucapi_kernel_info
#define ucapi_key ucapi_kernel_key
#define ucapi_key_serial ucapi_kernel_key_serial
#define ucapi_authsize ucapi_kernel_authsize
#include <linux/ucapi.h>
#undef ucapi_op
#undef ucapi_info
#undef ucapi_key
#undef ucapi_key_serial
#undef ucapi_authsize

#include "internal.h"

#define UCAPI_SAME_FIELD(field)						\
	_Static_assert(offsetof(struct ucapi_op, field) ==		\
		       offsetof(struct ucapi_kernel_op, field) &&	\
		       sizeof(((struct ucapi_op *)0)->field) ==		\
		       sizeof(((struct ucapi_kernel_op *)0)->field),	\
		       "struct ucapi_op." #field " differs from the kernel's")

#if __SIZEOF_POINTER__ == 8
/* The syscall backend passes the caller's array to the kernel as it is. */
UCAPI_SAME_FIELD(op);
UCAPI_SAME_FIELD(flags);
UCAPI_SAME_FIELD(iv);
UCAPI_SAME_FIELD(src);
UCAPI_SAME_FIELD(dst);
UCAPI_SAME_FIELD(src_len);
UCAPI_SAME_FIELD(dst_len);
UCAPI_SAME_FIELD(aad_len);
UCAPI_SAME_FIELD(iv_len);
UCAPI_SAME_FIELD(status);
UCAPI_SAME_FIELD(out_len);
_Static_assert(sizeof(struct ucapi_op) == sizeof(struct ucapi_kernel_op),
	       "struct ucapi_op size differs from the kernel's");
_Static_assert(sizeof(struct ucapi_op) == UCAPI_OP_SIZE_VER0,
	       "struct ucapi_op size differs from UCAPI_OP_SIZE_VER0");
#endif

_Static_assert(sizeof(struct ucapi_kernel_info) == UCAPI_INFO_SIZE_VER0,
	       "struct ucapi_info of the kernel changed size");
_Static_assert(UCAPI_LIB_MAX_OPS == UCAPI_MAX_OPS &&
	       UCAPI_LIB_MAX_OP_LEN == UCAPI_MAX_OP_LEN &&
	       UCAPI_LIB_MAX_BATCH_LEN == UCAPI_MAX_BATCH_LEN &&
	       UCAPI_LIB_MAX_KEY_LEN == UCAPI_MAX_KEY_LEN &&
	       UCAPI_LIB_MAX_IV_LEN == UCAPI_MAX_IV_LEN &&
	       UCAPI_LIB_ALG_NAME_LEN == UCAPI_ALG_NAME_LEN,
	       "library limits differ from the kernel's");
_Static_assert(UCAPI_AEAD == UCAPI_TYPE_AEAD &&
	       UCAPI_SKCIPHER == UCAPI_TYPE_SKCIPHER &&
	       UCAPI_HASH == UCAPI_TYPE_HASH &&
	       UCAPI_ENCRYPT == UCAPI_OP_ENCRYPT &&
	       UCAPI_DECRYPT == UCAPI_OP_DECRYPT &&
	       UCAPI_DIGEST == UCAPI_OP_DIGEST,
	       "library constants differ from the kernel's");

#endif /* UCAPI_KERNEL_ABI_H */
