// SPDX-License-Identifier: LGPL-2.1-or-later
#include "internal.h"

#ifndef UCAPI_VERSION
#error "UCAPI_VERSION must be defined by the build"
#endif

UCAPI_API const char *ucapi_version(void)
{
	return UCAPI_VERSION;
}
