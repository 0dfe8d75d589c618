/* Data directory look-up (see paths.h). */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool paths_data(const char *sub, char *out, size_t cap)
{
	const char *env = getenv("PARKKIOSK_DATADIR");
	const char *bases[] = {env && *env ? env : NULL, PARKKIOSK_SOURCEDIR, PARKKIOSK_DATADIR};
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		if (!bases[i])
			continue;
		snprintf(out, cap, "%s/%s", bases[i], sub);
		if (is_dir(out))
			return true;
	}
	return false;
}
