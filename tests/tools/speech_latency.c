/* Measures how fast speech starts: from speech_say (what the app calls on a key press)
 * to the first synthesised samples handed to the audio device, for typical utterances,
 * and how fast a stop silences it; also the cold start, when the device was closed
 * after SPEECH_DEVICE_LINGER_MS of silence (the first key after a long idle), and that
 * it was closed (SDL's audio thread is gone). Prints the numbers; exits non-zero if the
 * median or a cold start is above the limit given as argv[1] in ms (default 250), or
 * the device stayed open. Run with a real sound card, or SDL_AUDIODRIVER=dummy / disk
 * for the synthesis part alone. */
#include <dirent.h>
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

/* Threads of this process whose name starts with SDLAudio (SDL 2 names its device
 * threads SDLAudioP<n>). */
static int audio_threads(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char path[300], name[32] = "";
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof name, f) && strncmp(name, "SDLAudio", 8) == 0)
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

/* speech_say -> first samples, in ms (-1: none within 2 s). */
static int start_ms(struct speech *s, const char *text)
{
	speech_say(s, text, "de", 160, SPEECH_VOLUME_DEFAULT);
	int lat = -1;
	for (int w = 0; w < 400 && lat < 0; w++) {
		SDL_Delay(5);
		lat = speech_last_latency_ms(s);
	}
	return lat;
}

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
			int lat = start_ms(s, texts[t]);
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
	/* The first key after a long idle: the device was closed and opens again. */
	int cold[2], open_after[2];
	bool ok = all[n / 2] <= limit;
	for (int r = 0; r < 2; r++) {
		SDL_Delay(SPEECH_DEVICE_LINGER_MS + 500);
		open_after[r] = audio_threads();
		cold[r] = start_ms(s, texts[0]);
		speech_stop(s);
		ok = ok && cold[r] >= 0 && cold[r] <= limit && open_after[r] == 0;
	}
	printf("cold start (device closed after %d ms of silence): %d ms, %d ms; audio threads "
	       "while closed: %d, %d\n",
	       SPEECH_DEVICE_LINGER_MS, cold[0], cold[1], open_after[0], open_after[1]);
	speech_destroy(s);
	return ok ? 0 : 1;
}
