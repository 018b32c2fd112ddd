// Parameters and modules: leaf tensors that alias data, and in-place replacement of a tensor's
// data (Module.to keeps the same Parameter objects, as PyTorch's does).
#include "shim_internal.h"

using lt::T;
using lt::wrap;

// A new leaf over the same storage as h (no autograd history), with requires_grad set as asked.
LT_API lt_tensor lt_parameter_new(lt_tensor h, int32_t requires_grad) {
  LT_TRY(nullptr, {
    at::Tensor t = T(h).detach();
    t.set_requires_grad(requires_grad != 0);
    return wrap(t);
  })
}

// Replaces the data of h by that of src (shape, dtype and device may change), keeping h's identity.
LT_API int32_t lt_tensor_set_data(lt_tensor h, lt_tensor src) {
  // set_data keeps h's version counter without bumping it; bump it so caches keyed on Tensor.Version notice.
  LT_TRY(-1, T(h).set_data(T(src)); lt::bump_version(T(h)); return 0;)
}
