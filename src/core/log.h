/*
** Logging: one line per event on stderr, "ts level [req] message".
** The level is set once at start-up (config log_level).
*/
#ifndef BEIAN_CORE_LOG_H
#define BEIAN_CORE_LOG_H

typedef enum LogLevel { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 } LogLevel;

void log_set_level(LogLevel lvl);
LogLevel log_get_level(void);
/* Parse "debug|info|warn|error"; returns -1 when unknown. */
int log_parse_level(const char *s);
void log_msg(LogLevel lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
