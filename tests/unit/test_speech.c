/* Speech: WAV synthesis (header, length, loudness, markup read as text, volume steps in
 * dB) and live output through SDL's "disk" audio driver, whose file is what a listener
 * would hear: completion, interrupt, stop, pause/resume, silent mode, latency. */
#include "speech.h"
#include "speech_engine.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "testlib.h"

#define SENTENCE_DE                                                                                \
	"Behindertenparkplatz Rempartstraße 11: frei, 120 Meter Richtung Nordost, Stand vor 2 "   \
	"Minuten."

struct wav {
	int rate, channels, bits;
	int16_t *s; /* owned */
	size_t n;
};

static uint32_t le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Reads and checks a canonical PCM WAV file as speech_synth_wav writes it. */
static bool wav_read(const char *path, struct wav *w)
{
	size_t len;
	unsigned char *b = (unsigned char *)test_read_file(path, &len);
	bool ok = len >= 44 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVE", 4) == 0 &&
	          memcmp(b + 12, "fmt ", 4) == 0 && le(b + 16, 4) == 16 && le(b + 20, 2) == 1 &&
	          memcmp(b + 36, "data", 4) == 0 && le(b + 4, 4) == len - 8 &&
	          le(b + 40, 4) == len - 44;
	CHECK(ok);
	if (ok) {
		w->channels = (int)le(b + 22, 2);
		w->rate = (int)le(b + 24, 4);
		w->bits = (int)le(b + 34, 2);
		CHECK_INT(le(b + 28, 4), (uint32_t)w->rate * 2);
		CHECK_INT(le(b + 32, 2), 2);
		w->n = (len - 44) / 2;
		w->s = malloc(w->n * 2 + 1);
		for (size_t i = 0; i < w->n; i++)
			w->s[i] = (int16_t)le(b + 44 + 2 * i, 2);
	}
	free(b);
	return ok;
}

static double rms(const int16_t *s, size_t n)
{
	double acc = 0;
	for (size_t i = 0; i < n; i++)
		acc += (double)s[i] * s[i];
	return n ? sqrt(acc / (double)n) : 0;
}

static size_t nonzero(const int16_t *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] != 0;
	return c;
}

static double wav_seconds(const struct wav *w)
{
	return w->rate ? (double)w->n / w->rate : 0;
}

static bool synth(const char *text, const char *voice, int step, struct wav *w)
{
	const char *path = "test_speech_out.wav";
	memset(w, 0, sizeof *w);
	enum pk_err e = speech_synth_wav(text, voice, 160, step, path);
	CHECK_INT(e, PK_OK);
	if (e != PK_OK)
		return false;
	bool ok = wav_read(path, w);
	unlink(path);
	return ok;
}

static void test_wav(void)
{
	struct wav w;
	if (!synth(SENTENCE_DE, "de", SPEECH_VOLUME_DEFAULT, &w))
		return;
	CHECK_INT(w.channels, 1);
	CHECK_INT(w.bits, 16);
	CHECK_INT(w.rate, 22050);
	double sec = wav_seconds(&w);
	printf("German sentence: %.2f s, RMS %.0f\n", sec, rms(w.s, w.n));
	CHECK(sec > 1.0 && sec < 10.0);
	CHECK(rms(w.s, w.n) > 300.0); /* not silent: about -40 dBFS at the least */
	free(w.s);

	/* English voice works too. */
	if (synth("The nearest free space is 120 metres to the north east.", "en-gb",
	          SPEECH_VOLUME_DEFAULT, &w)) {
		CHECK(wav_seconds(&w) > 1.0 && wav_seconds(&w) < 10.0);
		CHECK(rms(w.s, w.n) > 300.0);
		free(w.s);
	}
	/* The voices the later catalogues name. */
	static const char *const voices[][2] = {
	    {"tr", "Engelli park yeri boş."},
	    {"ar", "موقف سيارات لذوي الإعاقة متاح."},
	    {"uk", "Місце для паркування вільне."},
	    {"en-us", "The space is free."},
	};
	for (size_t i = 0; i < sizeof voices / sizeof voices[0]; i++) {
		if (synth(voices[i][1], voices[i][0], SPEECH_VOLUME_DEFAULT, &w)) {
			printf("voice %s: %.2f s\n", voices[i][0], wav_seconds(&w));
			CHECK(wav_seconds(&w) > 0.5 && wav_seconds(&w) < 10.0);
			CHECK(rms(w.s, w.n) > 300.0);
			free(w.s);
		}
	}
	/* An unknown voice falls back instead of failing. */
	if (synth("Test.", "xx-nonexistent", SPEECH_VOLUME_DEFAULT, &w)) {
		CHECK(w.n > 0);
		free(w.s);
	}
}

/* A feed's name carrying SSML must be spoken as characters: obeyed, the break would
 * add nine seconds of silence, and the phoneme input would be pronounced, not spelt. */
static void test_markup_is_text(void)
{
	struct wav plain, tagged;
	if (!synth("Parkplatz Ende.", "de", SPEECH_VOLUME_DEFAULT, &plain))
		return;
	if (!synth("Parkplatz <break time='9s'/> Ende.", "de", SPEECH_VOLUME_DEFAULT, &tagged)) {
		free(plain.s);
		return;
	}
	double dp = wav_seconds(&plain), dt = wav_seconds(&tagged);
	printf("markup: plain %.2f s, with break tag %.2f s\n", dp, dt);
	CHECK(dt < 8.0);      /* the 9 s break was not obeyed */
	CHECK(dt > dp + 0.5); /* the tag's characters were read out */
	/* Silence inside: no run of zero-ish samples longer than 1.5 s. */
	size_t run = 0, longest = 0;
	for (size_t i = 0; i < tagged.n; i++) {
		run = abs(tagged.s[i]) < 64 ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	CHECK((double)longest / tagged.rate < 1.5);
	free(plain.s);
	free(tagged.s);

	/* espeak-ng's inline phoneme brackets are text, too. */
	struct wav ph;
	if (synth("[[h@l'oU]]", "en-gb", SPEECH_VOLUME_DEFAULT, &ph)) {
		CHECK(wav_seconds(&ph) > 1.0); /* spelt out, longer than "hello" */
		free(ph.s);
	}
}

static void test_volume_steps(void)
{
	struct wav lo, mid, hi;
	bool ok = synth(SENTENCE_DE, "de", 0, &lo);
	ok = synth(SENTENCE_DE, "de", 2, &mid) && ok;
	ok = synth(SENTENCE_DE, "de", SPEECH_VOLUME_STEPS - 1, &hi) && ok;
	if (ok) {
		/* espeak-ng adds a little random jitter: same length within 1 %. */
		CHECK(fabs((double)lo.n - (double)hi.n) < 0.01 * (double)hi.n);
		double range = 20 * log10(rms(hi.s, hi.n) / rms(lo.s, lo.n));
		double step12 = 20 * log10(rms(mid.s, mid.n) / rms(lo.s, lo.n));
		printf("volume: range %.2f dB, step 2 over step 0 %.2f dB\n", range, step12);
		CHECK(range >= 18.0);
		CHECK(fabs(step12 - 12.0) < 0.5);
		/* The loudest step must not clip. */
		int peak = 0;
		for (size_t i = 0; i < hi.n; i++)
			peak = abs(hi.s[i]) > peak ? abs(hi.s[i]) : peak;
		CHECK(peak < 32767);
	}
	CHECK(fabs(speech_volume_db(SPEECH_VOLUME_STEPS - 1)) < 1e-9);
	CHECK(speech_volume_db(SPEECH_VOLUME_STEPS - 1) - speech_volume_db(0) >= 18.0);
	free(lo.s);
	free(mid.s);
	free(hi.s);
}

/* ---- live output through the disk driver ------------------------------------------- */

struct done_log {
	pthread_mutex_t mu;
	uint32_t ids[16];
	int n;
};

static void on_done(void *user, uint32_t id)
{
	struct done_log *d = user;
	pthread_mutex_lock(&d->mu);
	if (d->n < 16)
		d->ids[d->n++] = id;
	pthread_mutex_unlock(&d->mu);
}

static int done_count(struct done_log *d)
{
	pthread_mutex_lock(&d->mu);
	int n = d->n;
	pthread_mutex_unlock(&d->mu);
	return n;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool wait_done(struct done_log *d, int n, double timeout_s)
{
	double end = now_s() + timeout_s;
	while (done_count(d) < n && now_s() < end)
		SDL_Delay(5);
	return done_count(d) >= n;
}

/* Reads the raw 16-bit output the disk driver wrote. */
static int16_t *raw_read(const char *path, size_t *n)
{
	size_t len;
	char *b = test_read_file(path, &len);
	*n = len / 2;
	return (int16_t *)b;
}

static struct speech *open_disk(struct done_log *d, const char *file)
{
	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", file, 1);
	struct speech *s = NULL;
	CHECK_INT(speech_create(&s, on_done, d), PK_OK);
	CHECK(s && speech_has_output(s));
	return s;
}

static void test_live(void)
{
	const char *file = "test_speech_disk.raw";
	struct done_log d = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};
	struct speech *s = open_disk(&d, file);
	if (!s || !speech_has_output(s)) {
		speech_destroy(s);
		return;
	}

	/* 1. A sentence plays to its end: done once, with its id; latency measured. */
	uint32_t id1 = speech_say(s, SENTENCE_DE, "de", 160, SPEECH_VOLUME_STEPS - 1);
	CHECK(id1 != 0);
	CHECK(speech_busy(s));
	CHECK(wait_done(&d, 1, 15.0));
	CHECK_INT(d.ids[0], id1);
	CHECK(!speech_busy(s));
	int lat = speech_last_latency_ms(s);
	printf("latency speech_say -> first samples to the device: %d ms\n", lat);
	CHECK(lat >= 0 && lat < 1000);

	/* 2. New speech replaces the old at once: only the second completes. */
	uint32_t a = speech_say(s,
	                        "Dies ist ein langer Satz, der nicht zu Ende gesprochen wird, "
	                        "weil ein neuer ihn unterbricht.",
	                        "de", 160, 2);
	SDL_Delay(300);
	uint32_t b = speech_say(s, "Neu.", "de", 160, 2);
	CHECK(a != b);
	CHECK(wait_done(&d, 2, 10.0));
	SDL_Delay(200);
	CHECK_INT(done_count(&d), 2);
	CHECK_INT(d.ids[1], b);

	/* 3. Pause keeps the utterance; resume finishes it. */
	speech_say(s, SENTENCE_DE, "de", 160, 2);
	SDL_Delay(300);
	speech_pause(s);
	CHECK(speech_paused(s));
	SDL_Delay(800);
	CHECK(speech_busy(s));
	CHECK_INT(done_count(&d), 2);
	speech_resume(s);
	CHECK(!speech_paused(s));
	CHECK(wait_done(&d, 3, 15.0));
	speech_destroy(s);

	size_t n;
	int16_t *raw = raw_read(file, &n);
	CHECK(rms(raw, n) > 100.0); /* something was heard */
	free(raw);
	unlink(file);

	/* 4. Stop: output falls silent. Only what was played before the stop (plus about
	 * one audio period) reaches the file, though the text would last ~8 s. */
	d.n = 0;
	s = open_disk(&d, file);
	if (!s)
		return;
	double t0 = now_s();
	speech_say(s,
	           "Eins, zwei, drei, vier, fünf, sechs, sieben, acht, neun, zehn, elf, "
	           "zwölf, dreizehn, vierzehn, fünfzehn.",
	           "de", 160, 4);
	SDL_Delay(400);
	speech_stop(s);
	double stopped = now_s() - t0;
	CHECK(!speech_busy(s));
	SDL_Delay(1200);
	speech_destroy(s);
	CHECK_INT(done_count(&d), 0);
	raw = raw_read(file, &n);
	double heard = (double)nonzero(raw, n) / 22050.0;
	printf("stop: stopped after %.3f s, %.3f s of sound reached the device\n", stopped, heard);
	CHECK(heard > 0.05);
	CHECK(heard < stopped + 0.1);
	free(raw);
	unlink(file);
}

static void test_silent(void)
{
	/* No sound card: creation succeeds, utterances complete at once. */
	setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
	struct done_log d = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};
	struct speech *s = NULL;
	CHECK_INT(speech_create(&s, on_done, &d), PK_OK);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(!speech_has_output(s));
	uint32_t id = speech_say(s, "Hallo.", "de", 160, 2);
	CHECK(wait_done(&d, 1, 2.0));
	CHECK_INT(d.ids[0], id);
	CHECK(!speech_busy(s));
	speech_destroy(s);
	speech_destroy(NULL);
}

int main(void)
{
	test_wav();
	test_markup_is_text();
	test_volume_steps();
	test_live();
	test_silent();
	return TEST_END();
}
