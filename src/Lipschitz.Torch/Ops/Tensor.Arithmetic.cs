namespace Lipschitz.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private static readonly Op s_addT = Op.Of("aten::add.Tensor"), s_addS = Op.Of("aten::add.Scalar");
        private static readonly Op s_subT = Op.Of("aten::sub.Tensor"), s_subS = Op.Of("aten::sub.Scalar");
        private static readonly Op s_mulT = Op.Of("aten::mul.Tensor"), s_mulS = Op.Of("aten::mul.Scalar");
        private static readonly Op s_divT = Op.Of("aten::div.Tensor"), s_divS = Op.Of("aten::div.Scalar");
        private static readonly Op s_rsubS = Op.Of("aten::rsub.Scalar"), s_neg = Op.Of("aten::neg");
        private static readonly Op s_addT_ = Op.Of("aten::add_.Tensor"), s_addS_ = Op.Of("aten::add_.Scalar");
        private static readonly Op s_subT_ = Op.Of("aten::sub_.Tensor"), s_subS_ = Op.Of("aten::sub_.Scalar");
        private static readonly Op s_mulT_ = Op.Of("aten::mul_.Tensor"), s_mulS_ = Op.Of("aten::mul_.Scalar");
        private static readonly Op s_divT_ = Op.Of("aten::div_.Tensor"), s_divS_ = Op.Of("aten::div_.Scalar");
        private static readonly Op s_reciprocal = Op.Of("aten::reciprocal");

        /// <summary>Elementwise sum, broadcasting.</summary>
        public static Tensor operator +(Tensor a, Tensor b) => s_addT.Call(a, b);
        /// <summary>Adds a scalar to every element.</summary>
        public static Tensor operator +(Tensor a, double b) => s_addS.Call(a, b);
        /// <summary>Adds a scalar to every element.</summary>
        public static Tensor operator +(double a, Tensor b) => s_addS.Call(b, a);
        /// <summary>Adds an integer to every element (keeps integer dtypes).</summary>
        public static Tensor operator +(Tensor a, long b) => s_addS.Call(a, b);
        /// <summary>Adds an integer to every element (keeps integer dtypes).</summary>
        public static Tensor operator +(long a, Tensor b) => s_addS.Call(b, a);
        /// <summary>Elementwise difference, broadcasting.</summary>
        public static Tensor operator -(Tensor a, Tensor b) => s_subT.Call(a, b);
        /// <summary>Subtracts a scalar from every element.</summary>
        public static Tensor operator -(Tensor a, double b) => s_subS.Call(a, b);
        /// <summary>Subtracts every element from a scalar.</summary>
        public static Tensor operator -(double a, Tensor b) => s_rsubS.Call(b, a);
        /// <summary>Subtracts an integer from every element.</summary>
        public static Tensor operator -(Tensor a, long b) => s_subS.Call(a, b);
        /// <summary>Subtracts every element from an integer.</summary>
        public static Tensor operator -(long a, Tensor b) => s_rsubS.Call(b, a);
        /// <summary>Elementwise product, broadcasting.</summary>
        public static Tensor operator *(Tensor a, Tensor b) => s_mulT.Call(a, b);
        /// <summary>Multiplies every element by a scalar.</summary>
        public static Tensor operator *(Tensor a, double b) => s_mulS.Call(a, b);
        /// <summary>Multiplies every element by a scalar.</summary>
        public static Tensor operator *(double a, Tensor b) => s_mulS.Call(b, a);
        /// <summary>Multiplies every element by an integer.</summary>
        public static Tensor operator *(Tensor a, long b) => s_mulS.Call(a, b);
        /// <summary>Multiplies every element by an integer.</summary>
        public static Tensor operator *(long a, Tensor b) => s_mulS.Call(b, a);
        /// <summary>Elementwise true division, broadcasting.</summary>
        public static Tensor operator /(Tensor a, Tensor b) => s_divT.Call(a, b);
        /// <summary>Divides every element by a scalar.</summary>
        public static Tensor operator /(Tensor a, double b) => s_divS.Call(a, b);
        /// <summary>Divides a scalar by every element.</summary>
        public static Tensor operator /(double a, Tensor b)
        {
            using Tensor r = s_reciprocal.Call(b);
            return s_mulS.Call(r, a);
        }
        /// <summary>Elementwise negation.</summary>
        public static Tensor operator -(Tensor a) => s_neg.Call(a);

        /// <summary>self + alpha·other.</summary>
        public Tensor add(Tensor other, double alpha = 1) => s_addT.Call(this, other, alpha);
        /// <summary>self + scalar.</summary>
        public Tensor add(double other) => s_addS.Call(this, other);
        /// <summary>self − alpha·other.</summary>
        public Tensor sub(Tensor other, double alpha = 1) => s_subT.Call(this, other, alpha);
        /// <summary>self − scalar.</summary>
        public Tensor sub(double other) => s_subS.Call(this, other);
        /// <summary>Elementwise product.</summary>
        public Tensor mul(Tensor other) => s_mulT.Call(this, other);
        /// <summary>Product with a scalar.</summary>
        public Tensor mul(double other) => s_mulS.Call(this, other);
        /// <summary>Elementwise true division.</summary>
        public Tensor div(Tensor other) => s_divT.Call(this, other);
        /// <summary>Division by a scalar.</summary>
        public Tensor div(double other) => s_divS.Call(this, other);
        /// <summary>Elementwise negation.</summary>
        public Tensor neg() => s_neg.Call(this);
        /// <summary>Elementwise 1/x.</summary>
        public Tensor reciprocal() => s_reciprocal.Call(this);

        /// <summary>In place: self += alpha·other.</summary>
        public Tensor add_(Tensor other, double alpha = 1) => s_addT_.CallInPlace(this, other, alpha);
        /// <summary>In place: self += scalar.</summary>
        public Tensor add_(double other) => s_addS_.CallInPlace(this, other);
        /// <summary>In place: self −= alpha·other.</summary>
        public Tensor sub_(Tensor other, double alpha = 1) => s_subT_.CallInPlace(this, other, alpha);
        /// <summary>In place: self −= scalar.</summary>
        public Tensor sub_(double other) => s_subS_.CallInPlace(this, other);
        /// <summary>In place: self *= other.</summary>
        public Tensor mul_(Tensor other) => s_mulT_.CallInPlace(this, other);
        /// <summary>In place: self *= scalar.</summary>
        public Tensor mul_(double other) => s_mulS_.CallInPlace(this, other);
        /// <summary>In place: self /= other.</summary>
        public Tensor div_(Tensor other) => s_divT_.CallInPlace(this, other);
        /// <summary>In place: self /= scalar.</summary>
        public Tensor div_(double other) => s_divS_.CallInPlace(this, other);
    }
}
