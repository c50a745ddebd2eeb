/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef PROXY_BACKEND_OPT_H
#define PROXY_BACKEND_OPT_H

#include <stdio.h>
#include <ucapi.h>

/* Set *backend from a libucapi backend name; -EINVAL for an unknown one. */
int backend_opt_parse(const char *name, enum ucapi_backend *backend);

/* Print the backend names libucapi defines, each after a space. */
void backend_opt_list(FILE *out);

#endif
