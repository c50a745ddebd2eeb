// SPDX-License-Identifier: LGPL-2.1-or-later
#include <string.h>

#include "internal.h"

void ucapi_wipe(void *buf, size_t len)
{
	explicit_bzero(buf, len);
}
