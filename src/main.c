/* parkkiosk entry point (being built up). */
#include <stdio.h>

#include "version.h"

int main(void)
{
	printf("parkkiosk %s (%s)\n", PARKKIOSK_VERSION, PARKKIOSK_GIT);
	return 0;
}
