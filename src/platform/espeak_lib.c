/* libespeak-ng through dlopen (see espeak_lib.h). */
#include "espeak_lib.h"

#include <pthread.h>
#include <stddef.h>

#include "dynlib.h"
#include "log.h"

/* The one table, filled once: process-wide like the library it points into. */
static struct espeak_lib lib;
static const struct espeak_lib *loaded; /* &lib once filled, else NULL */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	const struct dynlib_sym syms[] = {
	    {"espeak_Initialize", &lib.initialize},
	    {"espeak_SetSynthCallback", &lib.set_synth_callback},
	    {"espeak_SetVoiceByName", &lib.set_voice_by_name},
	    {"espeak_SetVoiceByProperties", &lib.set_voice_by_properties},
	    {"espeak_SetParameter", &lib.set_parameter},
	    {"espeak_Synth", &lib.synth},
	};
	char why[200];
	if (!dynlib_load(PARKKIOSK_ESPEAK_SONAME, syms, sizeof syms / sizeof syms[0], why,
	                 sizeof why)) {
		log_error("speech: libespeak-ng is not available (%s): speech is unavailable, "
		          "the visual kiosk goes on (install the package libespeak-ng1)",
		          why);
		return;
	}
	loaded = &lib;
}

const struct espeak_lib *espeak_lib_get(void)
{
	pthread_once(&once, load);
	return loaded;
}
