/*
** Line-buffered logging to stderr. Each line is written with one fputs so
** lines from different threads do not interleave.
*/
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static LogLevel log_level = LOG_INFO;

void log_set_level(LogLevel lvl) {
    log_level = lvl;
}

LogLevel log_get_level(void) {
    return log_level;
}

int log_parse_level(const char *s) {
    static const char *names[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, names[i]) == 0) return i;
    return -1;
}

void log_msg(LogLevel lvl, const char *fmt, ...) {
    static const char *tag[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if (lvl < log_level) return;
    char line[2048];
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    int n = (int)strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
    n += snprintf(line + n, sizeof line - (size_t)n, ".%03dZ %s ", (int)(tv.tv_usec / 1000),
                  tag[lvl]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0) m = 0;
    n += m;
    if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    line[n] = 0;
    fputs(line, stderr);
}
