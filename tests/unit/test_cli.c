/* cli.h: options, and overrides that go through the config loader's checks. */
#include <stdarg.h>

#include "cli.h"
#include "testlib.h"
#include "theme.h"

static enum pk_err parse(struct cli *c, char *err, size_t cap, int n, ...)
{
	char *argv[32] = {"parkkiosk"};
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		argv[i + 1] = va_arg(ap, char *);
	va_end(ap);
	return cli_parse(n + 1, argv, c, err, cap);
}

int main(void)
{
	struct cli cli;
	struct config c;
	char err[512];
	CHECK(parse(&cli, err, sizeof err, 8, "--screenshot", "x.bmp", "--size", "1080x1920",
	            "--now", "2026-11-28T12:00:00Z", "--theme", "light") == PK_OK);
	CHECK_STR(cli.screenshot, "x.bmp");
	CHECK_INT(cli.width, 1080);
	CHECK_INT(cli.height, 1920);
	CHECK(cli.has_now && cli.now == 1795867200);
	config_defaults(&c);
	CHECK(cli_apply(&cli, &c, err, sizeof err) == PK_OK);
	CHECK(c.theme && strcmp(c.theme->name, "light") == 0);

	/* feeds replace the config's, lat/lon go through the loader */
	CHECK(parse(&cli, err, sizeof err, 8, "--feed", "https://a.example/x", "--feed",
	            "/tmp/y.json", "--lat", "48.0", "--lon", "7.85") == PK_OK);
	config_defaults(&c);
	CHECK(cli_apply(&cli, &c, err, sizeof err) == PK_OK);
	CHECK_INT(c.n_feeds, 2);
	CHECK_STR(c.feeds[1].url, "/tmp/y.json");
	CHECK(c.lat == 48.0 && c.lon == 7.85);

	/* the same checks and messages as the file */
	CHECK(parse(&cli, err, sizeof err, 2, "--lat", "95") == PK_OK);
	config_defaults(&c);
	CHECK(cli_apply(&cli, &c, err, sizeof err) == PK_ERR_CONFIG);
	CHECK(strstr(err, "command line: position.lat: must be a number between -90 and 90") ==
	      err);
	CHECK(parse(&cli, err, sizeof err, 2, "--feed", "ftp://x/y") == PK_OK);
	config_defaults(&c);
	CHECK(cli_apply(&cli, &c, err, sizeof err) == PK_ERR_CONFIG);
	CHECK(strstr(err, "scheme \"ftp\" not allowed") != NULL);
	CHECK(parse(&cli, err, sizeof err, 2, "--theme", "pink") == PK_OK);
	config_defaults(&c);
	CHECK(cli_apply(&cli, &c, err, sizeof err) == PK_ERR_CONFIG);

	/* usage errors */
	CHECK(parse(&cli, err, sizeof err, 1, "--bogus") == PK_ERR_CONFIG);
	CHECK(strstr(err, "--bogus: unknown option") == err);
	CHECK(parse(&cli, err, sizeof err, 1, "--lat") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--lat", "north") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--size", "10x10") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--now", "yesterday") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 1, "--dump-state") == PK_OK && cli.dump_state);
	CHECK(parse(&cli, err, sizeof err, 1, "--demo") == PK_OK);
	config_defaults(&c);
	CHECK(cli_apply(&cli, &c, err, sizeof err) == PK_OK && c.demo);

	/* PARKKIOSK_ALLOW_ROOT: only exactly "1" allows root */
	CHECK(cli_root_allowed("1"));
	CHECK(!cli_root_allowed(NULL));
	CHECK(!cli_root_allowed(""));
	CHECK(!cli_root_allowed("0"));
	CHECK(!cli_root_allowed("no"));
	CHECK(!cli_root_allowed("yes"));
	CHECK(!cli_root_allowed("1 "));
	CHECK(!cli_root_allowed("10"));
	/* --size: the whole word is WxH (issue 14: trailing junk was accepted). */
	CHECK(parse(&cli, err, sizeof err, 2, "--size", "1920x1080garbage") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--size", "1920x") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--size", "99999999999x1080") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--size", "63x1080") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--size", " 800x600") == PK_ERR_CONFIG);
	CHECK(parse(&cli, err, sizeof err, 2, "--size", "800X600") == PK_OK);
	CHECK_INT(cli.width, 800);
	CHECK(parse(&cli, err, sizeof err, 2, "--lat", "47.5junk") == PK_ERR_CONFIG);
	return TEST_END();
}
