# Unit tests: every tests/unit/test_<name>.c is one cmocka program. A test of
# one layer (test_<layer>_*.c) links that layer's library alone, so a layer
# that calls up into another fails to link its own tests.
file(GLOB UNIT_TESTS CONFIGURE_DEPENDS tests/unit/test_*.c)
# Sanitizer builds run 3-5x slower (the plan test builds 20,000 applications).
if(BEIAN_SANITIZE)
  set(UNIT_TIMEOUT 360)
else()
  set(UNIT_TIMEOUT 120)
endif()
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  set(lib beian_lib)
  foreach(layer core db rules docs model regulator simulator gateway)
    if(name MATCHES "^test_${layer}(_|$)" AND TARGET beian_${layer})
      set(lib beian_${layer})
    endif()
  endforeach()
  target_link_libraries(${name} PRIVATE ${lib} PkgConfig::CMOCKA)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES LABELS unit TIMEOUT ${UNIT_TIMEOUT})
endforeach()

# The templates of templates/test/ are compiled for test_tmpl only, not into
# beian_lib (their declarations stay in the one tmpl_all.h index).
add_library(beian_test_templates STATIC ${TEST_TEMPLATE_SOURCES})
target_link_libraries(beian_test_templates PUBLIC beian_lib)
target_link_libraries(test_tmpl PRIVATE beian_test_templates)

# test_openapi_routes compares docs/openapi.yaml with the route table.
target_compile_definitions(test_openapi_routes PRIVATE
  BEIAN_OPENAPI="${CMAKE_SOURCE_DIR}/docs/openapi.yaml")

# End-to-end tests: every tests/e2e/test_e2e_<name>.c drives the real binary.
file(GLOB E2E_TESTS CONFIGURE_DEPENDS tests/e2e/test_e2e_*.c)
add_library(e2e_harness STATIC tests/e2e/harness.c tests/e2e/flows.c tests/e2e/gateway_flows.c)
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

# The PostgreSQL programs (driver conformance, model) skip (exit 77)
# without BEIAN_TEST_PG_URL.
foreach(pg_test unit/test_db_pg unit/test_model_pg unit/test_model_pg_audit_plan)
  if(TEST ${pg_test})
    set_tests_properties(${pg_test} PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endforeach()
# The audit search's plans fill a database of 1,000,000 rows (slower under ASan).
set_tests_properties(unit/test_model_audit_plan PROPERTIES TIMEOUT 600)
# The plans of every queue statement and of the operations, reads and
# writes, on a generated database of 20,000 applications, on both databases.
set_tests_properties(unit/test_app_queue_plans PROPERTIES TIMEOUT 600)

# The deployment kit (deploy/): two nodes behind nginx on PostgreSQL.
# tests/deploy/two-nodes.sh starts them and runs test_deploy_nodes; it
# skips (77) without BEIAN_TEST_PG_URL or nginx (tools/check's deploy stage).
add_executable(test_deploy_nodes tests/deploy/test_deploy_nodes.c)
target_link_libraries(test_deploy_nodes PRIVATE e2e_harness)
add_dependencies(test_deploy_nodes beian)
add_test(NAME deploy/two_nodes
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/deploy/two-nodes.sh $<TARGET_FILE:beian>
                 $<TARGET_FILE:test_deploy_nodes> ${CMAKE_SOURCE_DIR})
set_tests_properties(deploy/two_nodes PROPERTIES LABELS deploy TIMEOUT 300 SKIP_RETURN_CODE 77)
