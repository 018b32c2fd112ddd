namespace Lipschitz.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private static readonly Op s_addcmul = Op.Of("aten::addcmul"), s_addcmul_ = Op.Of("aten::addcmul_");
        private static readonly Op s_addcdiv = Op.Of("aten::addcdiv"), s_addcdiv_ = Op.Of("aten::addcdiv_");
        private static readonly Op s_lerpS = Op.Of("aten::lerp.Scalar"), s_lerpT = Op.Of("aten::lerp.Tensor");
        private static readonly Op s_lerpS_ = Op.Of("aten::lerp_.Scalar"), s_lerpT_ = Op.Of("aten::lerp_.Tensor");
        private static readonly Op s_copy_ = Op.Of("aten::copy_"), s_zero_ = Op.Of("aten::zero_");
        private static readonly Op s_fillS_ = Op.Of("aten::fill_.Scalar"), s_fillT_ = Op.Of("aten::fill_.Tensor");
        private static readonly Op s_clamp = Op.Of("aten::clamp"), s_clamp_ = Op.Of("aten::clamp_");
        private static readonly Op s_clampT = Op.Of("aten::clamp.Tensor"), s_clampT_ = Op.Of("aten::clamp_.Tensor");
        private static readonly Op s_clampMin = Op.Of("aten::clamp_min"), s_clampMin_ = Op.Of("aten::clamp_min_");
        private static readonly Op s_clampMax = Op.Of("aten::clamp_max"), s_clampMax_ = Op.Of("aten::clamp_max_");
        private static readonly Op s_powS = Op.Of("aten::pow.Tensor_Scalar"), s_powT = Op.Of("aten::pow.Tensor_Tensor");
        private static readonly Op s_powSS = Op.Of("aten::pow.Scalar");
        private static readonly Op s_powS_ = Op.Of("aten::pow_.Scalar"), s_powT_ = Op.Of("aten::pow_.Tensor");
        private static readonly Op s_neg_ = Op.Of("aten::neg_"), s_reciprocal_ = Op.Of("aten::reciprocal_");
        private static readonly Op s_uniform_ = Op.Of("aten::uniform_"), s_normal_ = Op.Of("aten::normal_");
        private static readonly Op s_bernoulli_ = Op.Of("aten::bernoulli_.float"), s_bernoulli = Op.Of("aten::bernoulli");
        private static readonly Op s_maskedFillS_ = Op.Of("aten::masked_fill_.Scalar"), s_maskedFillT_ = Op.Of("aten::masked_fill_.Tensor");
        private static readonly Op s_remainderS = Op.Of("aten::remainder.Scalar"), s_remainderT = Op.Of("aten::remainder.Tensor");
        private static readonly Op s_fmodS = Op.Of("aten::fmod.Scalar");
        private static readonly Op s_atan2 = Op.Of("aten::atan2");

        /// <summary>self + value·tensor1·tensor2 (elementwise).</summary>
        public Tensor addcmul(Tensor tensor1, Tensor tensor2, double value = 1) => s_addcmul.Call(this, tensor1, tensor2, value);
        /// <summary>In place: self += value·tensor1·tensor2 (elementwise).</summary>
        public Tensor addcmul_(Tensor tensor1, Tensor tensor2, double value = 1) => s_addcmul_.CallInPlace(this, tensor1, tensor2, value);
        /// <summary>self + value·tensor1/tensor2 (elementwise).</summary>
        public Tensor addcdiv(Tensor tensor1, Tensor tensor2, double value = 1) => s_addcdiv.Call(this, tensor1, tensor2, value);
        /// <summary>In place: self += value·tensor1/tensor2 (elementwise).</summary>
        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, double value = 1) => s_addcdiv_.CallInPlace(this, tensor1, tensor2, value);
        /// <summary>Linear interpolation self + weight·(end − self).</summary>
        public Tensor lerp(Tensor end, double weight) => s_lerpS.Call(this, end, weight);
        /// <summary>Linear interpolation self + weight·(end − self) with elementwise weights.</summary>
        public Tensor lerp(Tensor end, Tensor weight) => s_lerpT.Call(this, end, weight);
        /// <summary>In place: self += weight·(end − self).</summary>
        public Tensor lerp_(Tensor end, double weight) => s_lerpS_.CallInPlace(this, end, weight);
        /// <summary>In place: self += weight·(end − self) with elementwise weights.</summary>
        public Tensor lerp_(Tensor end, Tensor weight) => s_lerpT_.CallInPlace(this, end, weight);
        /// <summary>In place: copies the values of <paramref name="src"/> (broadcast, converted) into self.</summary>
        public Tensor copy_(Tensor src, bool non_blocking = false) => s_copy_.CallInPlace(this, src, non_blocking);
        /// <summary>In place: sets every element to zero.</summary>
        public Tensor zero_() => s_zero_.CallInPlace(this);
        /// <summary>In place: sets every element to <paramref name="value"/>.</summary>
        public Tensor fill_(double value) => s_fillS_.CallInPlace(this, value);
        /// <summary>In place: sets every element to the value of a one-element tensor.</summary>
        public Tensor fill_(Tensor value) => s_fillT_.CallInPlace(this, value);
        /// <summary>Limits the values to [min, max]; a null bound is not applied.</summary>
        public Tensor clamp(double? min = null, double? max = null) => s_clamp.Call(this, Arg.Of(min), Arg.Of(max));
        /// <summary>Limits the values elementwise to [min, max]; a null bound is not applied.</summary>
        public Tensor clamp(Tensor? min, Tensor? max) => s_clampT.Call(this, min, max);
        /// <summary>In place: limits the values to [min, max]; a null bound is not applied.</summary>
        public Tensor clamp_(double? min = null, double? max = null) => s_clamp_.CallInPlace(this, Arg.Of(min), Arg.Of(max));
        /// <summary>In place: limits the values elementwise to [min, max]; a null bound is not applied.</summary>
        public Tensor clamp_(Tensor? min, Tensor? max) => s_clampT_.CallInPlace(this, min, max);
        /// <summary>Limits the values to [min, max] (alias of clamp).</summary>
        public Tensor clip(double? min = null, double? max = null) => clamp(min, max);
        /// <summary>max(self, min) elementwise.</summary>
        public Tensor clamp_min(double min) => s_clampMin.Call(this, min);
        /// <summary>In place: max(self, min) elementwise.</summary>
        public Tensor clamp_min_(double min) => s_clampMin_.CallInPlace(this, min);
        /// <summary>min(self, max) elementwise.</summary>
        public Tensor clamp_max(double max) => s_clampMax.Call(this, max);
        /// <summary>In place: min(self, max) elementwise.</summary>
        public Tensor clamp_max_(double max) => s_clampMax_.CallInPlace(this, max);
        /// <summary>Elementwise power with a scalar exponent.</summary>
        public Tensor pow(double exponent) => s_powS.Call(this, exponent);
        /// <summary>Elementwise power with tensor exponents (broadcasting).</summary>
        public Tensor pow(Tensor exponent) => s_powT.Call(this, exponent);
        /// <summary>In place: elementwise power with a scalar exponent.</summary>
        public Tensor pow_(double exponent) => s_powS_.CallInPlace(this, exponent);
        /// <summary>In place: elementwise power with tensor exponents.</summary>
        public Tensor pow_(Tensor exponent) => s_powT_.CallInPlace(this, exponent);
        /// <summary>In place: elementwise negation.</summary>
        public Tensor neg_() => s_neg_.CallInPlace(this);
        /// <summary>In place: elementwise 1/x.</summary>
        public Tensor reciprocal_() => s_reciprocal_.CallInPlace(this);
        /// <summary>In place: fills with samples of the uniform distribution on [from, to).</summary>
        public Tensor uniform_(double from = 0, double to = 1) => s_uniform_.CallInPlace(this, from, to);
        /// <summary>In place: fills with samples of the normal distribution N(mean, std²).</summary>
        public Tensor normal_(double mean = 0, double std = 1) => s_normal_.CallInPlace(this, mean, std);
        /// <summary>In place: fills with 1 with probability p, else 0.</summary>
        public Tensor bernoulli_(double p = 0.5) => s_bernoulli_.CallInPlace(this, p);
        /// <summary>Samples 1 with the probability given by each element (in [0, 1]), else 0.</summary>
        public Tensor bernoulli() => s_bernoulli.Call(this);
        /// <summary>In place: sets the elements where <paramref name="mask"/> is true to <paramref name="value"/>.</summary>
        public Tensor masked_fill_(Tensor mask, double value) => s_maskedFillS_.CallInPlace(this, mask, value);
        /// <summary>In place: sets the elements where <paramref name="mask"/> is true to the value of a one-element tensor.</summary>
        public Tensor masked_fill_(Tensor mask, Tensor value) => s_maskedFillT_.CallInPlace(this, mask, value);
        /// <summary>Python-style remainder (sign of the divisor).</summary>
        public Tensor remainder(double other) => s_remainderS.Call(this, other);
        /// <summary>Python-style remainder (sign of the divisor), elementwise.</summary>
        public Tensor remainder(Tensor other) => s_remainderT.Call(this, other);
        /// <summary>C-style remainder (sign of the dividend).</summary>
        public Tensor fmod(double other) => s_fmodS.Call(this, other);
        /// <summary>Elementwise atan2(self, other), the angle of the point (other, self).</summary>
        public Tensor atan2(Tensor other) => s_atan2.Call(this, other);
    }

    /// <summary>Elementwise power with a scalar exponent.</summary>
    public static Tensor pow(Tensor input, double exponent) => input.pow(exponent);
    /// <summary>Elementwise power with tensor exponents.</summary>
    public static Tensor pow(Tensor input, Tensor exponent) => input.pow(exponent);
    /// <summary>A scalar raised to tensor exponents.</summary>
    public static Tensor pow(double input, Tensor exponent) => Tensor.PowScalarBase(input, exponent);
    /// <summary>Limits the values to [min, max]; a null bound is not applied.</summary>
    public static Tensor clamp(Tensor input, double? min = null, double? max = null) => input.clamp(min, max);
    /// <summary>Limits the values elementwise to [min, max].</summary>
    public static Tensor clamp(Tensor input, Tensor? min, Tensor? max) => input.clamp(min, max);
    /// <summary>Limits the values to [min, max] (alias of clamp).</summary>
    public static Tensor clip(Tensor input, double? min = null, double? max = null) => input.clamp(min, max);
    /// <summary>self + value·tensor1·tensor2.</summary>
    public static Tensor addcmul(Tensor input, Tensor tensor1, Tensor tensor2, double value = 1) => input.addcmul(tensor1, tensor2, value);
    /// <summary>self + value·tensor1/tensor2.</summary>
    public static Tensor addcdiv(Tensor input, Tensor tensor1, Tensor tensor2, double value = 1) => input.addcdiv(tensor1, tensor2, value);
    /// <summary>Linear interpolation input + weight·(end − input).</summary>
    public static Tensor lerp(Tensor input, Tensor end, double weight) => input.lerp(end, weight);
    /// <summary>Samples 1 with the probability given by each element, else 0.</summary>
    public static Tensor bernoulli(Tensor input) => input.bernoulli();
    /// <summary>Elementwise atan2(input, other).</summary>
    public static Tensor atan2(Tensor input, Tensor other) => input.atan2(other);

    public partial class Tensor
    {
        internal static Tensor PowScalarBase(double b, Tensor exponent) => s_powSS.Call(b, exponent);
    }
}
