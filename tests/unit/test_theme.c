/* theme.h: every text/background pair of every theme is >= 7:1 (WCAG AAA), and the
 * contrast arithmetic matches WCAG's reference values. */
#include <math.h>

#include "testlib.h"
#include "theme.h"

int main(void)
{
	struct theme_rgb black = {0, 0, 0}, white = {255, 255, 255}, grey = {0x77, 0x77, 0x77};
	CHECK(fabs(theme_contrast(black, white) - 21.0) < 1e-9);
	CHECK(fabs(theme_contrast(white, grey) - 4.48) < 0.01); /* WCAG's #777 example */
	CHECK(theme_count() >= 3);
	CHECK(theme_get("dark") && theme_get("light") && theme_get("yellow"));
	CHECK(theme_get("pink") == NULL);
	size_t n;
	const struct theme_pair *pairs = theme_text_pairs(&n);
	for (size_t t = 0; t < theme_count(); t++) {
		const struct theme *th = theme_at(t);
		for (size_t i = 0; i < n; i++) {
			double r = theme_contrast(th->c[pairs[i].text], th->c[pairs[i].bg]);
			if (r < 7.0)
				fprintf(stderr, "%s: pair %zu is %.2f:1\n", th->name, i, r);
			CHECK(r >= 7.0);
		}
		/* the focus frame is a non-text element: >= 3:1 against card and background */
		CHECK(theme_contrast(th->c[ROLE_FOCUS], th->c[ROLE_CARD]) >= 3.0);
		CHECK(theme_contrast(th->c[ROLE_FOCUS], th->c[ROLE_BG]) >= 3.0);
	}
	return TEST_END();
}
