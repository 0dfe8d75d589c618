/* Data directory look-up (see paths.h). */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* True when this process is the installed binary (not a development build). */
static bool installed(void)
{
	char exe[1024];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	return strncmp(exe, PARKKIOSK_BINDIR "/", strlen(PARKKIOSK_BINDIR) + 1) == 0;
}

bool paths_data(const char *sub, char *out, size_t cap)
{
	const char *env = getenv("PARKKIOSK_DATADIR");
	bool inst = installed();
	const char *bases[] = {env && *env ? env : NULL,
	                       inst ? PARKKIOSK_DATADIR : PARKKIOSK_SOURCEDIR,
	                       inst ? PARKKIOSK_SOURCEDIR : PARKKIOSK_DATADIR};
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		if (!bases[i])
			continue;
		snprintf(out, cap, "%s/%s", bases[i], sub);
		if (is_dir(out))
			return true;
	}
	return false;
}
