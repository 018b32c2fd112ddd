#include "shim_internal.h"
#include <ATen/Parallel.h>
#include <torch/cuda.h>

namespace {
thread_local std::string g_error;
}

namespace lt {
void set_error(const char* msg) { g_error = msg ? msg : ""; }
}  // namespace lt

LT_API const char* lt_last_error() { return g_error.c_str(); }
LT_API void lt_clear_error() { g_error.clear(); }

LT_API int32_t lt_set_num_threads(int32_t n) {
  LT_TRY(-1, at::set_num_threads(n); return 0;)
}
LT_API int32_t lt_get_num_threads() { return at::get_num_threads(); }

LT_API void lt_manual_seed(uint64_t seed) {
  at::manual_seed(seed);
}

LT_API int32_t lt_cuda_is_available() {
  LT_TRY(0, return torch::cuda::is_available() ? 1 : 0;)
}
LT_API int32_t lt_cuda_device_count() {
  LT_TRY(0, return static_cast<int32_t>(torch::cuda::device_count());)
}
