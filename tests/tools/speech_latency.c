/* Measures how fast speech starts: from speech_say (what the app calls on a key press)
 * to the first synthesised samples handed to the audio device, for typical utterances,
 * and how fast a stop silences it. Prints the numbers; exits non-zero if the median start
 * is above the limit given as argv[1] in ms (default 250). Run with a real sound card,
 * or SDL_AUDIODRIVER=dummy / disk for the synthesis part alone. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "speech.h"

static const char *const texts[] = {
    "Behindertenparkplatz Rempartstraße 11: frei, 120 Meter Richtung Nordost, Stand vor 2 "
    "Minuten.",
    "Willkommen. Die Sprachausgabe ist an. 3 freie Behindertenparkplätze in der Nähe. Der "
    "nächste: Rempartstraße 11, 120 Meter Richtung Nordost, Stand vor 2 Minuten. In der "
    "Umgebung gibt es 2 Parkhäuser. Eines davon hat freie Plätze. Weiter mit Taste 2, zurück "
    "mit Taste 8, Details mit Taste 5, Hilfe mit Taste 0.",
    "Lautstärke 4 von 5.",
};

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(int argc, char **argv)
{
	int limit = argc > 1 ? atoi(argv[1]) : 250;
	struct speech *s;
	if (speech_create(&s, NULL, NULL) != PK_OK || !speech_has_output(s)) {
		fprintf(stderr, "no audio output (set SDL_AUDIODRIVER=dummy to measure anyway)\n");
		return 2;
	}
	enum { RUNS = 8 };
	int all[RUNS * 3], n = 0;
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		int v[RUNS];
		for (int r = 0; r < RUNS; r++) {
			speech_say(s, texts[t], "de", 160, SPEECH_VOLUME_DEFAULT);
			int lat = -1;
			for (int w = 0; w < 400 && lat < 0; w++) {
				SDL_Delay(5);
				lat = speech_last_latency_ms(s);
			}
			/* Interrupt it, as the next key press would. */
			speech_stop(s);
			SDL_Delay(50);
			v[r] = lat;
			all[n++] = lat;
		}
		qsort(v, RUNS, sizeof v[0], cmp_int);
		printf("%-40.40s… start: median %d ms, max %d ms\n", texts[t], v[RUNS / 2],
		       v[RUNS - 1]);
	}
	qsort(all, (size_t)n, sizeof all[0], cmp_int);
	printf("all: median %d ms, max %d ms (driver %s)\n", all[n / 2], all[n - 1],
	       SDL_GetCurrentAudioDriver());
	speech_destroy(s);
	return all[n / 2] <= limit ? 0 : 1;
}
