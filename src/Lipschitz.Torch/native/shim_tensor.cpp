// Tensor lifetime, metadata and copies between .NET memory and tensors.
#include "shim_internal.h"
#include <cstring>

using lt::T;
using lt::wrap;

LT_API void lt_tensor_free(lt_tensor h) { delete static_cast<at::Tensor*>(h); }

LT_API lt_tensor lt_tensor_alias(lt_tensor h) {
  LT_TRY(nullptr, return wrap(T(h));)
}

LT_API int32_t lt_tensor_dim(lt_tensor h) { return static_cast<int32_t>(T(h).dim()); }

LT_API void lt_tensor_shape(lt_tensor h, int64_t* out) {
  auto s = T(h).sizes();
  for (size_t i = 0; i < s.size(); ++i) out[i] = s[i];
}

LT_API void lt_tensor_strides(lt_tensor h, int64_t* out) {
  auto s = T(h).strides();
  for (size_t i = 0; i < s.size(); ++i) out[i] = s[i];
}

LT_API int64_t lt_tensor_numel(lt_tensor h) { return T(h).numel(); }
LT_API int32_t lt_tensor_dtype(lt_tensor h) { return static_cast<int32_t>(T(h).scalar_type()); }
LT_API int32_t lt_tensor_device_type(lt_tensor h) { return static_cast<int32_t>(T(h).device().type()); }
LT_API int32_t lt_tensor_device_index(lt_tensor h) { return T(h).device().index(); }
LT_API int32_t lt_tensor_requires_grad(lt_tensor h) { return T(h).requires_grad() ? 1 : 0; }
LT_API int32_t lt_tensor_is_leaf(lt_tensor h) { return T(h).is_leaf() ? 1 : 0; }
LT_API int64_t lt_tensor_version(lt_tensor h) {
  LT_TRY(-1, return static_cast<int64_t>(T(h)._version());)
}
LT_API const void* lt_tensor_storage_ptr(lt_tensor h) {
  LT_TRY(nullptr, return T(h).storage().data();)
}

LT_API int32_t lt_tensor_set_requires_grad(lt_tensor h, int32_t value) {
  LT_TRY(-1, T(h).set_requires_grad(value != 0); return 0;)
}

// Copies nbytes of host memory into a new tensor of the given shape and dtype (CPU).
LT_API lt_tensor lt_tensor_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype) {
  LT_TRY(nullptr, {
    auto opts = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    at::Tensor t = at::empty(at::IntArrayRef(shape, ndim), opts);
    if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.nbytes());
    return wrap(t);
  })
}

// Copies the tensor's values (converted to dtype, on CPU, contiguous) into dst of nbytes.
LT_API int32_t lt_tensor_copy_to(lt_tensor h, int32_t dtype, void* dst, int64_t nbytes) {
  LT_TRY(-1, {
    at::NoGradGuard guard;
    at::Tensor t = T(h).detach().to(at::kCPU, static_cast<c10::ScalarType>(dtype)).contiguous();
    if (static_cast<int64_t>(t.nbytes()) != nbytes) {
      lt::set_error("destination size does not match the tensor's size");
      return -1;
    }
    if (nbytes > 0) std::memcpy(dst, t.data_ptr(), nbytes);
    return 0;
  })
}

// Copies host memory into an existing contiguous CPU tensor in place (no autograd record).
LT_API int32_t lt_tensor_copy_from(lt_tensor h, const void* src, int64_t nbytes) {
  LT_TRY(-1, {
    at::Tensor& t = T(h);
    if (!t.is_contiguous() || !t.device().is_cpu() || static_cast<int64_t>(t.nbytes()) != nbytes) {
      lt::set_error("copy_from needs a contiguous CPU tensor of the same byte size");
      return -1;
    }
    if (nbytes > 0) std::memcpy(t.data_ptr(), src, nbytes);
    lt::bump_version(t);  // a raw write: without this, caches keyed on Tensor.Version would serve stale data
    return 0;
  })
}

LT_API int32_t lt_tensor_item_double(lt_tensor h, double* out) {
  LT_TRY(-1, *out = T(h).item<double>(); return 0;)
}
LT_API int32_t lt_tensor_item_int64(lt_tensor h, int64_t* out) {
  LT_TRY(-1, *out = T(h).item<int64_t>(); return 0;)
}

LT_API lt_tensor lt_tensor_to(lt_tensor h, int32_t device_type, int32_t device_index, int32_t dtype, int32_t copy) {
  LT_TRY(nullptr, {
    at::Device dev(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
    c10::ScalarType st = dtype < 0 ? T(h).scalar_type() : static_cast<c10::ScalarType>(dtype);
    return wrap(T(h).to(dev, st, /*non_blocking=*/false, copy != 0));
  })
}

// Returns a printable representation (libtorch's own formatting); the caller frees it with lt_string_free.
LT_API char* lt_tensor_to_string(lt_tensor h) {
  LT_TRY(nullptr, {
    std::ostringstream os;
    os << T(h);
    std::string s = os.str();
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
  })
}
LT_API void lt_string_free(char* s) { std::free(s); }
