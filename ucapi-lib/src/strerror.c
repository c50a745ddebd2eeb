// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Descriptions of the negative errno values the library returns.  The
 * errnos with a meaning specific to crypto sessions get their own text;
 * the rest use the C library's description.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const struct {
	int err;
	const char *text;
} ucapi_errors[] = {
	{ EBADMSG, "authentication failed: the tag does not match" },
	{ ENOKEY, "no key set on the session" },
	{ ENOENT, "algorithm not found for this type and backend" },
	{ ENOSPC, "destination buffer too small" },
	{ ENOSYS, "the kernel does not provide the ucapi system calls" },
	{ ENAMETOOLONG, "algorithm name too long" },
	{ EOPNOTSUPP, "not supported by this transform or backend" },
	{ E2BIG, "options structure has unknown nonzero fields" },
};

UCAPI_API const char *ucapi_strerror(int err)
{
	static __thread char unknown[32];
	const char *text;
	size_t i;

	if (err == 0)
		return "success";
	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(ucapi_errors) / sizeof(ucapi_errors[0]); i++)
		if (ucapi_errors[i].err == err)
			return ucapi_errors[i].text;
	text = strerrordesc_np(err);
	if (text)
		return text;
	/* The number is the only clue a caller has left. */
	snprintf(unknown, sizeof(unknown), "unknown error %d", err);
	return unknown;
}
