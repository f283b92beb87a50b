# Unit tests: every tests/unit/test_<name>.c is one cmocka program. A test of
# one layer (test_<layer>_*.c) links that layer's library alone, so a layer
# that calls up into another fails to link its own tests.
file(GLOB UNIT_TESTS CONFIGURE_DEPENDS tests/unit/test_*.c)
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  set(lib beian_lib)
  foreach(layer core db rules docs model regulator)
    if(name MATCHES "^test_${layer}(_|$)" AND TARGET beian_${layer})
      set(lib beian_${layer})
    endif()
  endforeach()
  target_link_libraries(${name} PRIVATE ${lib} PkgConfig::CMOCKA)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES LABELS unit TIMEOUT 120)
endforeach()

# End-to-end tests: every tests/e2e/test_e2e_<name>.c drives the real binary.
file(GLOB E2E_TESTS CONFIGURE_DEPENDS tests/e2e/test_e2e_*.c)
add_library(e2e_harness STATIC tests/e2e/harness.c)
target_compile_definitions(e2e_harness PUBLIC BEIAN_BIN="$<TARGET_FILE:beian>")
target_link_libraries(e2e_harness PUBLIC beian_lib PkgConfig::DEPS PkgConfig::CMOCKA)
foreach(src ${E2E_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE e2e_harness)
  add_dependencies(${name} beian)
  add_test(NAME e2e/${name} COMMAND ${name})
  set_tests_properties(e2e/${name} PROPERTIES LABELS e2e TIMEOUT 300)
endforeach()

# The PostgreSQL conformance test skips (exit 77) without BEIAN_TEST_PG_URL.
if(TEST unit/test_db_pg)
  set_tests_properties(unit/test_db_pg PROPERTIES SKIP_RETURN_CODE 77)
endif()
