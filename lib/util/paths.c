#include "util/paths.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char exe_dir[PATH_MAX];

void ej_paths_set_argv0(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	(void)argv0;
	if (n <= 0)
		return;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return;
	*slash = '\0';
	memcpy(exe_dir, buf, strlen(buf) + 1);
}

static char *try_path(const char *dir, const char *sub, const char *name)
{
	char *p = ej_asprintf("%s/%s/%s", dir, sub, name);

	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

char *ej_data_find(const char *sub, const char *name)
{
	const char *env = getenv("EJOURNAL_DATADIR");
	char *p = NULL, *up;

	if (env && *env && (p = try_path(env, sub, name)))
		return p;
	if ((p = try_path(EJ_DATADIR, sub, name)))
		return p;
	if (exe_dir[0]) {
		/* Running from the build tree: BUILD/ejournal → source top. */
		up = ej_asprintf("%s/..", exe_dir);
		p = try_path(up, sub, name);
		free(up);
		if (p)
			return p;
		/* Installed as PREFIX/bin/ejournal → PREFIX/share/ejournal. */
		up = ej_asprintf("%s/../share/ejournal", exe_dir);
		p = try_path(up, sub, name);
		free(up);
		if (p)
			return p;
	}
	if (strcmp(sub, "fonts") == 0) {
		static const char *const sys[] = {
			"/usr/share/fonts/truetype/liberation2",
			"/usr/share/fonts/truetype/liberation",
			"/usr/share/fonts/truetype/paratype",
		};
		for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
			if ((p = try_path(sys[i], ".", name)))
				return p;
	}
	return NULL;
}
