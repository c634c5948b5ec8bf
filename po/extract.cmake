# SPDX-License-Identifier: MIT
# Extracts ctrace's messages into OUT with XGETTEXT: the one list of sources
# and keywords, shared by the `pot` target and the po_complete test.
#   cmake -DSOURCE_DIR=... -DOUT=... -DXGETTEXT=... [-DVERSION=...] -P po/extract.cmake
# _() and N_() mark a message, P_(singular, plural, n) a message with a
# plural (viewer/model/i18n.h).

file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
     ${SOURCE_DIR}/cli/*.c ${SOURCE_DIR}/cli/*.h
     ${SOURCE_DIR}/viewer/*.c ${SOURCE_DIR}/viewer/*.h
     ${SOURCE_DIR}/scenarios/catalogue.c)
list(SORT sources)
if(NOT VERSION)
  set(VERSION 0)
endif()
execute_process(
  COMMAND ${XGETTEXT} --from-code=UTF-8 --language=C --add-comments=TRANSLATORS:
          --keyword=_ --keyword=N_ --keyword=P_:1,2 --package-name=ctrace
          --package-version=${VERSION} --no-location -o ${OUT} ${sources}
  WORKING_DIRECTORY ${SOURCE_DIR}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "xgettext failed (${rc})")
endif()
