#pragma once
#include "shim.h"
#include <ATen/ATen.h>
#include <string>
#include <exception>

namespace lt {

void set_error(const char* msg);

inline at::Tensor& T(lt_tensor h) { return *static_cast<at::Tensor*>(h); }

inline lt_tensor wrap(at::Tensor t) {
  if (!t.defined()) return nullptr;
  return new at::Tensor(std::move(t));
}

// Bumps t's version counter (what Tensor.Version reads) after a write autograd did not see, so caches keyed on
// the version notice it. TensorImpl::bump_version exists in libtorch 1.13 and 2.x; inference tensors have no
// counter (bumping one throws), so they are skipped.
inline void bump_version(at::Tensor& t) {
  if (t.unsafeGetTensorImpl()->version_counter().enabled()) t.unsafeGetTensorImpl()->bump_version();
}

}  // namespace lt

// Runs body; converts any exception into the thread-local error and returns fail.
#define LT_TRY(fail, ...)                       \
  try {                                         \
    __VA_ARGS__                                        \
  } catch (const c10::Error& e) {               \
    lt::set_error(e.what_without_backtrace());  \
    return fail;                                \
  } catch (const std::exception& e) {           \
    lt::set_error(e.what());                    \
    return fail;                                \
  } catch (...) {                               \
    lt::set_error("unknown native exception");  \
    return fail;                                \
  }
