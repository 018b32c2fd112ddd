// Fused optimizer steps: one native call updates every parameter with PyTorch 1.13's single-tensor
// formulas (torch/optim/sgd.py, adam.py, adamw.py), instead of one boxed call per in-place op.
// State tensors are created here on first use and handed back to the caller, who owns them.
#include "shim_internal.h"
#include <cmath>

using lt::T;

// SGD with momentum, dampening, weight decay and Nesterov. bufs[k] is null until parameter k first
// has momentum; it is then set to a new handle. Parameters without a gradient are skipped.
LT_API int32_t lt_sgd_step(const lt_tensor* params, lt_tensor* bufs, int32_t n, double lr, double momentum,
                           double dampening, double weight_decay, int32_t nesterov) {
  LT_TRY(-1, {
    at::NoGradGuard guard;
    for (int32_t k = 0; k < n; ++k) {
      at::Tensor& p = T(params[k]);
      const at::Tensor& g = p.grad();
      if (!g.defined()) continue;
      at::Tensor d_p = weight_decay != 0 ? g.add(p, weight_decay) : g;
      if (momentum != 0) {
        if (bufs[k] == nullptr) {
          bufs[k] = new at::Tensor(d_p.clone().detach());
        } else {
          T(bufs[k]).mul_(momentum).add_(d_p, 1 - dampening);
        }
        const at::Tensor& buf = T(bufs[k]);
        d_p = nesterov ? d_p.add(buf, momentum) : buf;
      }
      p.add_(d_p, -lr);
    }
    return 0;
  })
}

// Adam (decoupled == 0) or AdamW (decoupled != 0). exp_avg[k] / exp_avg_sq[k] are null until parameter k
// is first updated; steps[k] counts its updates. Parameters without a gradient are skipped.
LT_API int32_t lt_adam_step(const lt_tensor* params, lt_tensor* exp_avg, lt_tensor* exp_avg_sq, int64_t* steps,
                            int32_t n, double lr, double beta1, double beta2, double eps, double weight_decay,
                            int32_t decoupled) {
  LT_TRY(-1, {
    at::NoGradGuard guard;
    for (int32_t k = 0; k < n; ++k) {
      at::Tensor& p = T(params[k]);
      const at::Tensor& g0 = p.grad();
      if (!g0.defined()) continue;
      if (exp_avg[k] == nullptr) {
        exp_avg[k] = new at::Tensor(at::zeros_like(p, at::MemoryFormat::Preserve));
        exp_avg_sq[k] = new at::Tensor(at::zeros_like(p, at::MemoryFormat::Preserve));
      }
      at::Tensor& m = T(exp_avg[k]);
      at::Tensor& v = T(exp_avg_sq[k]);
      int64_t step = ++steps[k];
      at::Tensor g = g0;
      if (weight_decay != 0) {
        if (decoupled) p.mul_(1 - lr * weight_decay);
        else g = g0.add(p, weight_decay);
      }
      m.mul_(beta1).add_(g, 1 - beta1);
      v.mul_(beta2).addcmul_(g, g, 1 - beta2);
      double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
      double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
      double step_size = lr / bias_correction1;
      // The same values as PyTorch's (v.sqrt() / c).add_(eps), with one temporary instead of two.
      at::Tensor denom = v.sqrt();
      denom.div_(std::sqrt(bias_correction2)).add_(eps);
      p.addcdiv_(m, denom, -step_size);
    }
    return 0;
  })
}
