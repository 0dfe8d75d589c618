/* Limits of speech output that the session, announcements and config share: volume
 * steps, speaking rate and text length. Constants only, so the pure core names them
 * without including the speech engine. */
#ifndef PARKKIOSK_SPEECH_LIMITS_H
#define PARKKIOSK_SPEECH_LIMITS_H

/* Volume steps: gain in dB relative to the synthesiser's own level, lowest first.
 * 24 dB range in 6 dB steps; step 2 is 12 dB above the lowest (EN 301 549 8.2.1). The
 * installer sets the hardware level so that the default step stays at or below 65 dBA
 * (EN 301 549 5.1.3.13); the session returns to it after every use. */
#define SPEECH_VOLUME_STEPS 5
#define SPEECH_VOLUME_DEFAULT 2
/* Speaking rate limits in words per minute (espeak-ng accepts 80..450). */
#define SPEECH_RATE_MIN 80
#define SPEECH_RATE_MAX 300
/* Longest text accepted by speech_say / speech_synth_wav (bytes, longer is cut). */
#define SPEECH_TEXT_MAX 8192

#endif
