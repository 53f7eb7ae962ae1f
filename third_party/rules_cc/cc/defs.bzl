"""Offline stand-in for rules_cc: Bazel 4.2.3's native C++ rules under their rules_cc names.

Bazel asks for @rules_cc even when nothing loads it; there is no network here, so
WORKSPACE binds this local repository instead (see ../../README.md and docs/build.md).
"""

cc_binary = native.cc_binary
cc_library = native.cc_library
cc_test = native.cc_test
cc_import = native.cc_import
cc_toolchain = native.cc_toolchain
cc_toolchain_suite = native.cc_toolchain_suite
cc_proto_library = native.cc_proto_library
objc_library = native.objc_library
fdo_profile = native.fdo_profile
