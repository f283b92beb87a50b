# Unit tests: every tests/unit/test_<name>.c is one cmocka program.
file(GLOB UNIT_TESTS CONFIGURE_DEPENDS tests/unit/test_*.c)
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE beian_lib PkgConfig::CMOCKA)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES LABELS unit TIMEOUT 120)
endforeach()
