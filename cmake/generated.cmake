# Build-time generators (tools/*.c) and the sources they produce.
set(GENERATED_SOURCES "")
