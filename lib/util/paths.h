/*
** paths.h — where the installed program finds its templates and fonts.
**
** Search order: $EJOURNAL_DATADIR, the compiled-in EJ_DATADIR, the source
** tree beside the executable (BUILD/../), then the system (fonts only).
*/
#ifndef EJ_UTIL_PATHS_H
#define EJ_UTIL_PATHS_H

/* Set once from main(argv[0]). */
void ej_paths_set_argv0(const char *argv0);
/* Full path of DATADIR/sub/name that exists, or NULL.  Caller frees. */
char *ej_data_find(const char *sub, const char *name);

#endif
