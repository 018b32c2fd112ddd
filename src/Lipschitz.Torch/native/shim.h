// C ABI over libtorch for the Lipschitz.Torch binding.
// Every entry point catches C++ exceptions: on failure it returns a null handle or a negative
// status and leaves libtorch's message in a thread-local buffer read by lt_last_error.
#pragma once
#include <cstdint>

#define LT_API extern "C" __attribute__((visibility("default")))

typedef void* lt_tensor;  // owning pointer to an at::Tensor
typedef void* lt_op;      // borrowed pointer to a c10::OperatorHandle (lives for the process)

// Tags of one boxed argument (see LtArg in C#; the layouts must agree).
enum lt_arg_tag : int32_t {
  LT_DEFAULT = 0,     // the schema's default value
  LT_NONE = 1,
  LT_TENSOR = 2,      // p: lt_tensor
  LT_INT = 3,         // i
  LT_DOUBLE = 4,      // d
  LT_BOOL = 5,        // i != 0
  LT_INT_LIST = 6,    // p: int64_t[len]
  LT_DOUBLE_LIST = 7, // p: double[len]
  LT_TENSOR_LIST = 8, // p: lt_tensor[len]
  LT_STRING = 9,      // p: UTF-8, zero-terminated
  LT_DTYPE = 10,      // i: c10::ScalarType
  LT_DEVICE = 11,     // i: c10::DeviceType, len: index
  LT_OPT_TENSOR_LIST = 12, // p: lt_tensor[len], null entries are None
  LT_BOOL_LIST = 13,  // p: uint8_t[len]
};

struct lt_arg {
  int32_t tag;
  int32_t len;
  int64_t i;
  double d;
  const void* p;
};
