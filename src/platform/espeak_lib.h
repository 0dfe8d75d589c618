/* libespeak-ng, loaded with dlopen when speech first starts (speech_engine.c) rather
 * than at process start: a screenshot, --dump-state or --announce-text never loads it
 * and what it pulls in (pcaudiolib, PulseAudio, ALSA, sonic). The pointers have the
 * types of <espeak-ng/speak_lib.h>'s declarations. */
#ifndef PARKKIOSK_ESPEAK_LIB_H
#define PARKKIOSK_ESPEAK_LIB_H

#include <espeak-ng/speak_lib.h>

/* The shared object loaded, the one of Debian's libespeak-ng1 (set by CMake, which also
 * puts its package in the .deb's Depends). */
#ifndef PARKKIOSK_ESPEAK_SONAME
#define PARKKIOSK_ESPEAK_SONAME "libespeak-ng.so.1"
#endif

struct espeak_lib {
	__typeof__(espeak_Initialize) *initialize;
	__typeof__(espeak_SetSynthCallback) *set_synth_callback;
	__typeof__(espeak_SetVoiceByName) *set_voice_by_name;
	__typeof__(espeak_SetVoiceByProperties) *set_voice_by_properties;
	__typeof__(espeak_SetParameter) *set_parameter;
	__typeof__(espeak_Synth) *synth;
};

/* The functions, resolved once (thread-safe). NULL when the library or one of them is
 * missing: logged once with the reason; speech is then unavailable (silent). */
const struct espeak_lib *espeak_lib_get(void);

#endif
