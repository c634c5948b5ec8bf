# SPDX-License-Identifier: MIT
# The po_complete test: po/zh_CN.po translates every message the sources mark
# (msgcmp against a fresh extraction), and has no untranslated or fuzzy entry
# (msgfmt --statistics prints only "N translated messages.").
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... -DXGETTEXT=... -DMSGCMP=... -DMSGFMT=... -P tests/po_check.cmake

set(pot ${WORK_DIR}/po_check.pot)
set(OUT ${pot})
include(${SOURCE_DIR}/po/extract.cmake)
foreach(po ${SOURCE_DIR}/po/zh_CN.po)
  execute_process(COMMAND ${MSGCMP} ${po} ${pot} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${po} lacks messages the sources mark (msgmerge, then translate):\n${err}")
  endif()
  execute_process(COMMAND ${MSGFMT} --check --statistics -o /dev/null ${po}
                  RESULT_VARIABLE rc ERROR_VARIABLE stats)
  string(STRIP "${stats}" stats)
  message(STATUS "${po}: ${stats}")
  if(NOT rc EQUAL 0 OR NOT stats MATCHES "^[0-9]+ translated messages?\\.$")
    message(FATAL_ERROR "${po}: ${stats} (every entry must be translated, none fuzzy)")
  endif()
endforeach()
