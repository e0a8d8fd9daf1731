# Packages: `cpack` in the build directory makes a .deb and a .tar.gz.
#
# What only a system package installs is in the `system` component, left out of a plain
# `cmake --install` (which must not write to /etc): the rules as a conffile at
# /etc/safedocker/rules.toml and the systemd units of the scheduler. CPack puts every component
# into one package.

install(FILES rules/default.toml DESTINATION /etc/safedocker RENAME rules.toml
        COMPONENT system EXCLUDE_FROM_ALL)
install(FILES packaging/systemd/safedocker-scheduler.service packaging/systemd/safedocker-cleanup.service
              packaging/systemd/safedocker-cleanup.timer
              packaging/systemd/safedocker-metrics.service packaging/systemd/safedocker-metrics.timer
              packaging/systemd/safedocker-proxy.socket packaging/systemd/safedocker-proxy.service
        DESTINATION lib/systemd/system COMPONENT system EXCLUDE_FROM_ALL)

set(CPACK_PACKAGE_NAME safedocker)
set(CPACK_PACKAGE_VENDOR "safedocker maintainers")
set(CPACK_PACKAGE_CONTACT "safedocker maintainers <safedocker@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "guard for the docker command line: force-flag policy, admission control, audit")
set(CPACK_PACKAGE_DESCRIPTION
    "safedocker stands in for docker on PATH. It parses each call with docker's own grammar,\n\
blocks force flags with a safe alternative, limits concurrent docker calls machine-wide,\n\
stops hammering a dead daemon, records every decision in an audit log, and cleans up\n\
what test sessions leave behind.")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_COMPONENTS_ALL Unspecified system)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_STRIP_FILES ON)
# Per generator: the .deb stages /etc under DESTDIR (never the real /etc); the tarball is
# relocatable and holds no /etc or systemd files.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/cmake/PackagingPerGenerator.cmake")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# A static binary: nothing to depend on at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "docker.io | docker-ce-cli")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_SOURCE_DIR}/packaging/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
