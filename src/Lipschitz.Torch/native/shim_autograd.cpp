// Autograd: backward, gradients with respect to inputs, .grad access and grad mode.
#include "shim_internal.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>

using lt::T;
using lt::wrap;

LT_API int32_t lt_backward(lt_tensor h, lt_tensor grad, int32_t retain_graph, int32_t create_graph) {
  LT_TRY(-1, {
    std::vector<at::Tensor> grads;
    if (grad) grads.push_back(T(grad));
    torch::autograd::backward({T(h)}, grads, c10::optional<bool>(retain_graph != 0), create_graph != 0);
    return 0;
  })
}

// results[k] receives the gradient of the outputs with respect to inputs[k] (null if unused).
LT_API int32_t lt_autograd_grad(const lt_tensor* outputs, int32_t nout, const lt_tensor* inputs, int32_t nin,
                                const lt_tensor* grad_outputs, int32_t retain_graph, int32_t create_graph,
                                int32_t allow_unused, lt_tensor* results) {
  LT_TRY(-1, {
    std::vector<at::Tensor> outs, ins, gouts;
    for (int32_t k = 0; k < nout; ++k) outs.push_back(T(outputs[k]));
    for (int32_t k = 0; k < nin; ++k) ins.push_back(T(inputs[k]));
    if (grad_outputs)
      for (int32_t k = 0; k < nout; ++k) gouts.push_back(grad_outputs[k] ? T(grad_outputs[k]) : at::Tensor());
    auto res = torch::autograd::grad(outs, ins, gouts, c10::optional<bool>(retain_graph != 0), create_graph != 0,
                                     allow_unused != 0);
    for (int32_t k = 0; k < nin; ++k) results[k] = wrap(res[k]);
    return 0;
  })
}

LT_API lt_tensor lt_tensor_grad(lt_tensor h) {
  LT_TRY(nullptr, return wrap(T(h).grad());)
}

LT_API int32_t lt_tensor_set_grad(lt_tensor h, lt_tensor grad) {
  LT_TRY(-1, {
    T(h).mutable_grad() = grad ? T(grad) : at::Tensor();
    return 0;
  })
}

LT_API int32_t lt_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }
LT_API void lt_set_grad_enabled(int32_t enabled) { c10::GradMode::set_enabled(enabled != 0); }
