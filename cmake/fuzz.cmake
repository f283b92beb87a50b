# Fuzz targets (clang only): configure a separate build with
#   CC=clang-14 cmake -S . -B build-fuzz -DBEIAN_FUZZ=ON
# and run tools/fuzz.sh. Every tests/fuzz/fuzz_<name>.c is one target.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
file(GLOB FUZZ_TARGETS CONFIGURE_DEPENDS tests/fuzz/fuzz_*.c)
