/* libcurl through dlopen (see curl_lib.h). */
#include "curl_lib.h"

#include "dynlib.h"

/* The one table, filled once: process-wide like the library it points into. */
static struct curl_lib lib;

static const struct dynlib_sym syms[] = {
    {"curl_global_init", &lib.global_init},
    {"curl_global_cleanup", &lib.global_cleanup},
    {"curl_easy_init", &lib.easy_init},
    {"curl_easy_setopt", &lib.easy_setopt},
    {"curl_easy_getinfo", &lib.easy_getinfo},
    {"curl_easy_strerror", &lib.easy_strerror},
    {"curl_easy_cleanup", &lib.easy_cleanup},
    {"curl_multi_init", &lib.multi_init},
    {"curl_multi_add_handle", &lib.multi_add_handle},
    {"curl_multi_remove_handle", &lib.multi_remove_handle},
    {"curl_multi_perform", &lib.multi_perform},
    {"curl_multi_poll", &lib.multi_poll},
    {"curl_multi_wakeup", &lib.multi_wakeup},
    {"curl_multi_info_read", &lib.multi_info_read},
    {"curl_multi_cleanup", &lib.multi_cleanup},
    {"curl_slist_append", &lib.slist_append},
    {"curl_slist_free_all", &lib.slist_free_all},
};

static const struct dynlib_spec spec = {
    PARKKIOSK_CURL_SONAME,
    "libcurl",
    "fetch",
    "live feeds cannot be fetched, the kiosk shows no current data (install the package "
    "libcurl4)",
    syms,
    sizeof syms / sizeof syms[0]};

static struct dynlib_once once = DYNLIB_ONCE(&spec);

const struct curl_lib *curl_lib_get(void)
{
	return dynlib_once(&once) ? &lib : NULL;
}

const char *curl_lib_missing(void)
{
	return dynlib_why(&once);
}
