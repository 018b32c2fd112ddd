namespace Lipschitz.Torch;

// Generated once from a list of unary ATen operators (see the ops helper's report); edit freely.
public static partial class torch
{
    /// <summary>Elementwise absolute value |x|.</summary>
    public static Tensor abs(Tensor input) => input.abs();
    /// <summary>In place: elementwise absolute value |x|.</summary>
    public static Tensor abs_(Tensor input) => input.abs_();
    /// <summary>Elementwise square root.</summary>
    public static Tensor sqrt(Tensor input) => input.sqrt();
    /// <summary>In place: elementwise square root.</summary>
    public static Tensor sqrt_(Tensor input) => input.sqrt_();
    /// <summary>Elementwise reciprocal square root 1/√x.</summary>
    public static Tensor rsqrt(Tensor input) => input.rsqrt();
    /// <summary>In place: elementwise reciprocal square root 1/√x.</summary>
    public static Tensor rsqrt_(Tensor input) => input.rsqrt_();
    /// <summary>Elementwise exponential eˣ.</summary>
    public static Tensor exp(Tensor input) => input.exp();
    /// <summary>In place: elementwise exponential eˣ.</summary>
    public static Tensor exp_(Tensor input) => input.exp_();
    /// <summary>Elementwise power of two 2ˣ.</summary>
    public static Tensor exp2(Tensor input) => input.exp2();
    /// <summary>In place: elementwise power of two 2ˣ.</summary>
    public static Tensor exp2_(Tensor input) => input.exp2_();
    /// <summary>Elementwise eˣ − 1, accurate near zero.</summary>
    public static Tensor expm1(Tensor input) => input.expm1();
    /// <summary>In place: elementwise eˣ − 1, accurate near zero.</summary>
    public static Tensor expm1_(Tensor input) => input.expm1_();
    /// <summary>Elementwise natural logarithm.</summary>
    public static Tensor log(Tensor input) => input.log();
    /// <summary>In place: elementwise natural logarithm.</summary>
    public static Tensor log_(Tensor input) => input.log_();
    /// <summary>Elementwise ln(1 + x), accurate near zero.</summary>
    public static Tensor log1p(Tensor input) => input.log1p();
    /// <summary>In place: elementwise ln(1 + x), accurate near zero.</summary>
    public static Tensor log1p_(Tensor input) => input.log1p_();
    /// <summary>Elementwise base-2 logarithm.</summary>
    public static Tensor log2(Tensor input) => input.log2();
    /// <summary>In place: elementwise base-2 logarithm.</summary>
    public static Tensor log2_(Tensor input) => input.log2_();
    /// <summary>Elementwise base-10 logarithm.</summary>
    public static Tensor log10(Tensor input) => input.log10();
    /// <summary>In place: elementwise base-10 logarithm.</summary>
    public static Tensor log10_(Tensor input) => input.log10_();
    /// <summary>Elementwise sign (−1, 0 or 1).</summary>
    public static Tensor sign(Tensor input) => input.sign();
    /// <summary>In place: elementwise sign (−1, 0 or 1).</summary>
    public static Tensor sign_(Tensor input) => input.sign_();
    /// <summary>Elementwise sine.</summary>
    public static Tensor sin(Tensor input) => input.sin();
    /// <summary>In place: elementwise sine.</summary>
    public static Tensor sin_(Tensor input) => input.sin_();
    /// <summary>Elementwise cosine.</summary>
    public static Tensor cos(Tensor input) => input.cos();
    /// <summary>In place: elementwise cosine.</summary>
    public static Tensor cos_(Tensor input) => input.cos_();
    /// <summary>Elementwise tangent.</summary>
    public static Tensor tan(Tensor input) => input.tan();
    /// <summary>In place: elementwise tangent.</summary>
    public static Tensor tan_(Tensor input) => input.tan_();
    /// <summary>Elementwise arcsine.</summary>
    public static Tensor asin(Tensor input) => input.asin();
    /// <summary>In place: elementwise arcsine.</summary>
    public static Tensor asin_(Tensor input) => input.asin_();
    /// <summary>Elementwise arccosine.</summary>
    public static Tensor acos(Tensor input) => input.acos();
    /// <summary>In place: elementwise arccosine.</summary>
    public static Tensor acos_(Tensor input) => input.acos_();
    /// <summary>Elementwise arctangent.</summary>
    public static Tensor atan(Tensor input) => input.atan();
    /// <summary>In place: elementwise arctangent.</summary>
    public static Tensor atan_(Tensor input) => input.atan_();
    /// <summary>Elementwise hyperbolic sine.</summary>
    public static Tensor sinh(Tensor input) => input.sinh();
    /// <summary>In place: elementwise hyperbolic sine.</summary>
    public static Tensor sinh_(Tensor input) => input.sinh_();
    /// <summary>Elementwise hyperbolic cosine.</summary>
    public static Tensor cosh(Tensor input) => input.cosh();
    /// <summary>In place: elementwise hyperbolic cosine.</summary>
    public static Tensor cosh_(Tensor input) => input.cosh_();
    /// <summary>Elementwise hyperbolic tangent.</summary>
    public static Tensor tanh(Tensor input) => input.tanh();
    /// <summary>In place: elementwise hyperbolic tangent.</summary>
    public static Tensor tanh_(Tensor input) => input.tanh_();
    /// <summary>Elementwise logistic sigmoid 1/(1+e⁻ˣ).</summary>
    public static Tensor sigmoid(Tensor input) => input.sigmoid();
    /// <summary>In place: elementwise logistic sigmoid 1/(1+e⁻ˣ).</summary>
    public static Tensor sigmoid_(Tensor input) => input.sigmoid_();
    /// <summary>Elementwise rectified linear max(x, 0).</summary>
    public static Tensor relu(Tensor input) => input.relu();
    /// <summary>In place: elementwise rectified linear max(x, 0).</summary>
    public static Tensor relu_(Tensor input) => input.relu_();
    /// <summary>Elementwise largest integer ≤ x.</summary>
    public static Tensor floor(Tensor input) => input.floor();
    /// <summary>In place: elementwise largest integer ≤ x.</summary>
    public static Tensor floor_(Tensor input) => input.floor_();
    /// <summary>Elementwise smallest integer ≥ x.</summary>
    public static Tensor ceil(Tensor input) => input.ceil();
    /// <summary>In place: elementwise smallest integer ≥ x.</summary>
    public static Tensor ceil_(Tensor input) => input.ceil_();
    /// <summary>Elementwise nearest integer (halves to even).</summary>
    public static Tensor round(Tensor input) => input.round();
    /// <summary>In place: elementwise nearest integer (halves to even).</summary>
    public static Tensor round_(Tensor input) => input.round_();
    /// <summary>Elementwise integer part (toward zero).</summary>
    public static Tensor trunc(Tensor input) => input.trunc();
    /// <summary>In place: elementwise integer part (toward zero).</summary>
    public static Tensor trunc_(Tensor input) => input.trunc_();
    /// <summary>Elementwise fractional part x − trunc(x).</summary>
    public static Tensor frac(Tensor input) => input.frac();
    /// <summary>In place: elementwise fractional part x − trunc(x).</summary>
    public static Tensor frac_(Tensor input) => input.frac_();
    /// <summary>Elementwise square x².</summary>
    public static Tensor square(Tensor input) => input.square();
    /// <summary>In place: elementwise square x².</summary>
    public static Tensor square_(Tensor input) => input.square_();
    /// <summary>Elementwise error function.</summary>
    public static Tensor erf(Tensor input) => input.erf();
    /// <summary>In place: elementwise error function.</summary>
    public static Tensor erf_(Tensor input) => input.erf_();
    /// <summary>Elementwise inverse error function.</summary>
    public static Tensor erfinv(Tensor input) => input.erfinv();
    /// <summary>In place: elementwise inverse error function.</summary>
    public static Tensor erfinv_(Tensor input) => input.erfinv_();
    /// <summary>Elementwise logical NOT (nonzero is true).</summary>
    public static Tensor logical_not(Tensor input) => input.logical_not();
    /// <summary>In place: elementwise logical NOT (nonzero is true).</summary>
    public static Tensor logical_not_(Tensor input) => input.logical_not_();
    /// <summary>Elementwise test for NaN.</summary>
    public static Tensor isnan(Tensor input) => input.isnan();
    /// <summary>Elementwise test for ±∞.</summary>
    public static Tensor isinf(Tensor input) => input.isinf();
    /// <summary>Elementwise test for finite values.</summary>
    public static Tensor isfinite(Tensor input) => input.isfinite();
    /// <summary>Elementwise argument (phase) of complex values; 0 or π for reals.</summary>
    public static Tensor angle(Tensor input) => input.angle();
    /// <summary>Elementwise complex conjugate (a view; reals unchanged).</summary>
    public static Tensor conj(Tensor input) => input.conj();

    public partial class Tensor
    {
        private static readonly Op s_u_abs = Op.Of("aten::abs"), s_u_abs_ = Op.Of("aten::abs_");
        private static readonly Op s_u_sqrt = Op.Of("aten::sqrt"), s_u_sqrt_ = Op.Of("aten::sqrt_");
        private static readonly Op s_u_rsqrt = Op.Of("aten::rsqrt"), s_u_rsqrt_ = Op.Of("aten::rsqrt_");
        private static readonly Op s_u_exp = Op.Of("aten::exp"), s_u_exp_ = Op.Of("aten::exp_");
        private static readonly Op s_u_exp2 = Op.Of("aten::exp2"), s_u_exp2_ = Op.Of("aten::exp2_");
        private static readonly Op s_u_expm1 = Op.Of("aten::expm1"), s_u_expm1_ = Op.Of("aten::expm1_");
        private static readonly Op s_u_log = Op.Of("aten::log"), s_u_log_ = Op.Of("aten::log_");
        private static readonly Op s_u_log1p = Op.Of("aten::log1p"), s_u_log1p_ = Op.Of("aten::log1p_");
        private static readonly Op s_u_log2 = Op.Of("aten::log2"), s_u_log2_ = Op.Of("aten::log2_");
        private static readonly Op s_u_log10 = Op.Of("aten::log10"), s_u_log10_ = Op.Of("aten::log10_");
        private static readonly Op s_u_sign = Op.Of("aten::sign"), s_u_sign_ = Op.Of("aten::sign_");
        private static readonly Op s_u_sin = Op.Of("aten::sin"), s_u_sin_ = Op.Of("aten::sin_");
        private static readonly Op s_u_cos = Op.Of("aten::cos"), s_u_cos_ = Op.Of("aten::cos_");
        private static readonly Op s_u_tan = Op.Of("aten::tan"), s_u_tan_ = Op.Of("aten::tan_");
        private static readonly Op s_u_asin = Op.Of("aten::asin"), s_u_asin_ = Op.Of("aten::asin_");
        private static readonly Op s_u_acos = Op.Of("aten::acos"), s_u_acos_ = Op.Of("aten::acos_");
        private static readonly Op s_u_atan = Op.Of("aten::atan"), s_u_atan_ = Op.Of("aten::atan_");
        private static readonly Op s_u_sinh = Op.Of("aten::sinh"), s_u_sinh_ = Op.Of("aten::sinh_");
        private static readonly Op s_u_cosh = Op.Of("aten::cosh"), s_u_cosh_ = Op.Of("aten::cosh_");
        private static readonly Op s_u_tanh = Op.Of("aten::tanh"), s_u_tanh_ = Op.Of("aten::tanh_");
        private static readonly Op s_u_sigmoid = Op.Of("aten::sigmoid"), s_u_sigmoid_ = Op.Of("aten::sigmoid_");
        private static readonly Op s_u_relu = Op.Of("aten::relu"), s_u_relu_ = Op.Of("aten::relu_");
        private static readonly Op s_u_floor = Op.Of("aten::floor"), s_u_floor_ = Op.Of("aten::floor_");
        private static readonly Op s_u_ceil = Op.Of("aten::ceil"), s_u_ceil_ = Op.Of("aten::ceil_");
        private static readonly Op s_u_round = Op.Of("aten::round"), s_u_round_ = Op.Of("aten::round_");
        private static readonly Op s_u_trunc = Op.Of("aten::trunc"), s_u_trunc_ = Op.Of("aten::trunc_");
        private static readonly Op s_u_frac = Op.Of("aten::frac"), s_u_frac_ = Op.Of("aten::frac_");
        private static readonly Op s_u_square = Op.Of("aten::square"), s_u_square_ = Op.Of("aten::square_");
        private static readonly Op s_u_erf = Op.Of("aten::erf"), s_u_erf_ = Op.Of("aten::erf_");
        private static readonly Op s_u_erfinv = Op.Of("aten::erfinv"), s_u_erfinv_ = Op.Of("aten::erfinv_");
        private static readonly Op s_u_logical_not = Op.Of("aten::logical_not"), s_u_logical_not_ = Op.Of("aten::logical_not_");
        private static readonly Op s_u_isnan = Op.Of("aten::isnan");
        private static readonly Op s_u_isinf = Op.Of("aten::isinf");
        private static readonly Op s_u_isfinite = Op.Of("aten::isfinite");
        private static readonly Op s_u_angle = Op.Of("aten::angle");
        private static readonly Op s_u_conj = Op.Of("aten::conj");

        /// <summary>Elementwise absolute value |x|.</summary>
        public Tensor abs() => s_u_abs.Call(this);
        /// <summary>In place: elementwise absolute value |x|.</summary>
        public Tensor abs_() => s_u_abs_.CallInPlace(this);

        /// <summary>Elementwise square root.</summary>
        public Tensor sqrt() => s_u_sqrt.Call(this);
        /// <summary>In place: elementwise square root.</summary>
        public Tensor sqrt_() => s_u_sqrt_.CallInPlace(this);

        /// <summary>Elementwise reciprocal square root 1/√x.</summary>
        public Tensor rsqrt() => s_u_rsqrt.Call(this);
        /// <summary>In place: elementwise reciprocal square root 1/√x.</summary>
        public Tensor rsqrt_() => s_u_rsqrt_.CallInPlace(this);

        /// <summary>Elementwise exponential eˣ.</summary>
        public Tensor exp() => s_u_exp.Call(this);
        /// <summary>In place: elementwise exponential eˣ.</summary>
        public Tensor exp_() => s_u_exp_.CallInPlace(this);

        /// <summary>Elementwise power of two 2ˣ.</summary>
        public Tensor exp2() => s_u_exp2.Call(this);
        /// <summary>In place: elementwise power of two 2ˣ.</summary>
        public Tensor exp2_() => s_u_exp2_.CallInPlace(this);

        /// <summary>Elementwise eˣ − 1, accurate near zero.</summary>
        public Tensor expm1() => s_u_expm1.Call(this);
        /// <summary>In place: elementwise eˣ − 1, accurate near zero.</summary>
        public Tensor expm1_() => s_u_expm1_.CallInPlace(this);

        /// <summary>Elementwise natural logarithm.</summary>
        public Tensor log() => s_u_log.Call(this);
        /// <summary>In place: elementwise natural logarithm.</summary>
        public Tensor log_() => s_u_log_.CallInPlace(this);

        /// <summary>Elementwise ln(1 + x), accurate near zero.</summary>
        public Tensor log1p() => s_u_log1p.Call(this);
        /// <summary>In place: elementwise ln(1 + x), accurate near zero.</summary>
        public Tensor log1p_() => s_u_log1p_.CallInPlace(this);

        /// <summary>Elementwise base-2 logarithm.</summary>
        public Tensor log2() => s_u_log2.Call(this);
        /// <summary>In place: elementwise base-2 logarithm.</summary>
        public Tensor log2_() => s_u_log2_.CallInPlace(this);

        /// <summary>Elementwise base-10 logarithm.</summary>
        public Tensor log10() => s_u_log10.Call(this);
        /// <summary>In place: elementwise base-10 logarithm.</summary>
        public Tensor log10_() => s_u_log10_.CallInPlace(this);

        /// <summary>Elementwise sign (−1, 0 or 1).</summary>
        public Tensor sign() => s_u_sign.Call(this);
        /// <summary>In place: elementwise sign (−1, 0 or 1).</summary>
        public Tensor sign_() => s_u_sign_.CallInPlace(this);

        /// <summary>Elementwise sine.</summary>
        public Tensor sin() => s_u_sin.Call(this);
        /// <summary>In place: elementwise sine.</summary>
        public Tensor sin_() => s_u_sin_.CallInPlace(this);

        /// <summary>Elementwise cosine.</summary>
        public Tensor cos() => s_u_cos.Call(this);
        /// <summary>In place: elementwise cosine.</summary>
        public Tensor cos_() => s_u_cos_.CallInPlace(this);

        /// <summary>Elementwise tangent.</summary>
        public Tensor tan() => s_u_tan.Call(this);
        /// <summary>In place: elementwise tangent.</summary>
        public Tensor tan_() => s_u_tan_.CallInPlace(this);

        /// <summary>Elementwise arcsine.</summary>
        public Tensor asin() => s_u_asin.Call(this);
        /// <summary>In place: elementwise arcsine.</summary>
        public Tensor asin_() => s_u_asin_.CallInPlace(this);

        /// <summary>Elementwise arccosine.</summary>
        public Tensor acos() => s_u_acos.Call(this);
        /// <summary>In place: elementwise arccosine.</summary>
        public Tensor acos_() => s_u_acos_.CallInPlace(this);

        /// <summary>Elementwise arctangent.</summary>
        public Tensor atan() => s_u_atan.Call(this);
        /// <summary>In place: elementwise arctangent.</summary>
        public Tensor atan_() => s_u_atan_.CallInPlace(this);

        /// <summary>Elementwise hyperbolic sine.</summary>
        public Tensor sinh() => s_u_sinh.Call(this);
        /// <summary>In place: elementwise hyperbolic sine.</summary>
        public Tensor sinh_() => s_u_sinh_.CallInPlace(this);

        /// <summary>Elementwise hyperbolic cosine.</summary>
        public Tensor cosh() => s_u_cosh.Call(this);
        /// <summary>In place: elementwise hyperbolic cosine.</summary>
        public Tensor cosh_() => s_u_cosh_.CallInPlace(this);

        /// <summary>Elementwise hyperbolic tangent.</summary>
        public Tensor tanh() => s_u_tanh.Call(this);
        /// <summary>In place: elementwise hyperbolic tangent.</summary>
        public Tensor tanh_() => s_u_tanh_.CallInPlace(this);

        /// <summary>Elementwise logistic sigmoid 1/(1+e⁻ˣ).</summary>
        public Tensor sigmoid() => s_u_sigmoid.Call(this);
        /// <summary>In place: elementwise logistic sigmoid 1/(1+e⁻ˣ).</summary>
        public Tensor sigmoid_() => s_u_sigmoid_.CallInPlace(this);

        /// <summary>Elementwise rectified linear max(x, 0).</summary>
        public Tensor relu() => s_u_relu.Call(this);
        /// <summary>In place: elementwise rectified linear max(x, 0).</summary>
        public Tensor relu_() => s_u_relu_.CallInPlace(this);

        /// <summary>Elementwise largest integer ≤ x.</summary>
        public Tensor floor() => s_u_floor.Call(this);
        /// <summary>In place: elementwise largest integer ≤ x.</summary>
        public Tensor floor_() => s_u_floor_.CallInPlace(this);

        /// <summary>Elementwise smallest integer ≥ x.</summary>
        public Tensor ceil() => s_u_ceil.Call(this);
        /// <summary>In place: elementwise smallest integer ≥ x.</summary>
        public Tensor ceil_() => s_u_ceil_.CallInPlace(this);

        /// <summary>Elementwise nearest integer (halves to even).</summary>
        public Tensor round() => s_u_round.Call(this);
        /// <summary>In place: elementwise nearest integer (halves to even).</summary>
        public Tensor round_() => s_u_round_.CallInPlace(this);

        /// <summary>Elementwise integer part (toward zero).</summary>
        public Tensor trunc() => s_u_trunc.Call(this);
        /// <summary>In place: elementwise integer part (toward zero).</summary>
        public Tensor trunc_() => s_u_trunc_.CallInPlace(this);

        /// <summary>Elementwise fractional part x − trunc(x).</summary>
        public Tensor frac() => s_u_frac.Call(this);
        /// <summary>In place: elementwise fractional part x − trunc(x).</summary>
        public Tensor frac_() => s_u_frac_.CallInPlace(this);

        /// <summary>Elementwise square x².</summary>
        public Tensor square() => s_u_square.Call(this);
        /// <summary>In place: elementwise square x².</summary>
        public Tensor square_() => s_u_square_.CallInPlace(this);

        /// <summary>Elementwise error function.</summary>
        public Tensor erf() => s_u_erf.Call(this);
        /// <summary>In place: elementwise error function.</summary>
        public Tensor erf_() => s_u_erf_.CallInPlace(this);

        /// <summary>Elementwise inverse error function.</summary>
        public Tensor erfinv() => s_u_erfinv.Call(this);
        /// <summary>In place: elementwise inverse error function.</summary>
        public Tensor erfinv_() => s_u_erfinv_.CallInPlace(this);

        /// <summary>Elementwise logical NOT (nonzero is true).</summary>
        public Tensor logical_not() => s_u_logical_not.Call(this);
        /// <summary>In place: elementwise logical NOT (nonzero is true).</summary>
        public Tensor logical_not_() => s_u_logical_not_.CallInPlace(this);

        /// <summary>Elementwise test for NaN.</summary>
        public Tensor isnan() => s_u_isnan.Call(this);

        /// <summary>Elementwise test for ±∞.</summary>
        public Tensor isinf() => s_u_isinf.Call(this);

        /// <summary>Elementwise test for finite values.</summary>
        public Tensor isfinite() => s_u_isfinite.Call(this);

        /// <summary>Elementwise argument (phase) of complex values; 0 or π for reals.</summary>
        public Tensor angle() => s_u_angle.Call(this);

        /// <summary>Elementwise complex conjugate (a view; reals unchanged).</summary>
        public Tensor conj() => s_u_conj.Call(this);
    }
}
