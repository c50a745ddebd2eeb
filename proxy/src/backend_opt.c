// SPDX-License-Identifier: GPL-2.0-only
/*
 * The --backend option: libucapi names its backends, so the names here
 * come from ucapi_backend_name() and are never written out.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "backend_opt.h"

/*
 * The backend list runs from UCAPI_BACKEND_AUTO up to the first value
 * libucapi calls "unknown".
 */
static bool backend_exists(int b)
{
	return b >= UCAPI_BACKEND_AUTO && b < 64 &&
	       strcmp(ucapi_backend_name((enum ucapi_backend)b), "unknown");
}

int backend_opt_parse(const char *name, enum ucapi_backend *backend)
{
	int b;

	for (b = UCAPI_BACKEND_AUTO; backend_exists(b); b++) {
		if (!strcmp(name, ucapi_backend_name((enum ucapi_backend)b))) {
			*backend = (enum ucapi_backend)b;
			return 0;
		}
	}
	return -EINVAL;
}

void backend_opt_list(FILE *out)
{
	int b;

	for (b = UCAPI_BACKEND_AUTO; backend_exists(b); b++)
		fprintf(out, " %s", ucapi_backend_name((enum ucapi_backend)b));
}
