/* libespeak-ng through dlopen (see espeak_lib.h). */
#include "espeak_lib.h"

#include "dynlib.h"

/* The one table, filled once: process-wide like the library it points into. */
static struct espeak_lib lib;

static const struct dynlib_sym syms[] = {
    {"espeak_Initialize", &lib.initialize},
    {"espeak_SetSynthCallback", &lib.set_synth_callback},
    {"espeak_SetVoiceByName", &lib.set_voice_by_name},
    {"espeak_SetVoiceByProperties", &lib.set_voice_by_properties},
    {"espeak_SetParameter", &lib.set_parameter},
    {"espeak_Synth", &lib.synth},
};

static const struct dynlib_spec spec = {
    PARKKIOSK_ESPEAK_SONAME,
    "libespeak-ng",
    "speech",
    "speech is unavailable, the visual kiosk goes on (install the package libespeak-ng1)",
    syms,
    sizeof syms / sizeof syms[0]};

static struct dynlib_once once = DYNLIB_ONCE(&spec);

const struct espeak_lib *espeak_lib_get(void)
{
	return dynlib_once(&once) ? &lib : NULL;
}
