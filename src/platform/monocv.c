/* Mutex + CLOCK_MONOTONIC condition variable (see monocv.h). */
#include "monocv.h"

#include <time.h>

bool monocv_init(pthread_mutex_t *mu, pthread_cond_t *cv)
{
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca) != 0)
		return false;
	bool ok =
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 && pthread_cond_init(cv, &ca) == 0;
	pthread_condattr_destroy(&ca);
	if (!ok)
		return false;
	if (pthread_mutex_init(mu, NULL) != 0) {
		pthread_cond_destroy(cv);
		return false;
	}
	return true;
}

void monocv_destroy(pthread_mutex_t *mu, pthread_cond_t *cv)
{
	pthread_cond_destroy(cv);
	pthread_mutex_destroy(mu);
}

int64_t monocv_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void monocv_wait_until(pthread_mutex_t *mu, pthread_cond_t *cv, int64_t at_ms)
{
	struct timespec ts = {.tv_sec = (time_t)(at_ms / 1000),
	                      .tv_nsec = (long)(at_ms % 1000) * 1000000L};
	pthread_cond_timedwait(cv, mu, &ts);
}
