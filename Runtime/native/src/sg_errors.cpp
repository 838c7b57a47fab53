#include "sg_common.h"

#include <c10/util/Exception.h>
#include <string>

namespace {
thread_local std::string last_error;
}

void sg::capture_error() noexcept {
  try {
    try {
      throw;
    } catch (const c10::Error& e) {
      last_error = e.what_without_backtrace();
    } catch (const std::exception& e) {
      last_error = e.what();
    } catch (...) {
      last_error = "unknown native exception";
    }
  } catch (...) {
    // Storing the message itself failed (out of memory): keep whatever was there.
  }
}

SG_EXPORT const char* sg_last_error() { return last_error.c_str(); }
