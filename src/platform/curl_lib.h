/* libcurl, loaded with dlopen by the first transfer (http_transport.c) rather than at
 * process start: a demo, a screenshot or a kiosk on local files never loads it and what
 * it pulls in (OpenSSL, Kerberos, LDAP, SSH, ...). The pointers have the types of
 * <curl/curl.h>'s declarations, so a call through them is checked like a direct one. */
#ifndef PARKKIOSK_CURL_LIB_H
#define PARKKIOSK_CURL_LIB_H

#include <curl/curl.h>

/* The shared object loaded, the one of Debian's libcurl4 (set by CMake, which also puts
 * its package in the .deb's Depends). */
#ifndef PARKKIOSK_CURL_SONAME
#define PARKKIOSK_CURL_SONAME "libcurl.so.4"
#endif

struct curl_lib {
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_global_cleanup) *global_cleanup;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_wakeup) *multi_wakeup;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
};

/* The functions, resolved once (thread-safe; later calls cost one atomic load). NULL when
 * the library or one of them is missing: logged once with the reason, and every
 * transfer then fails with curl_lib_missing() as its reason. */
const struct curl_lib *curl_lib_get(void);
/* Why curl_lib_get returned NULL ("" before it was called or when it did not). */
const char *curl_lib_missing(void);

#endif
