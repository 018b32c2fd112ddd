// One boxed entry point for every ATen operator: the binding looks an operator up once by its
// schema name, then calls it with a tagged argument array. Missing trailing arguments and
// arguments tagged LT_DEFAULT take the schema's default, so C# call sites stay short.
#include "shim_internal.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>

using lt::T;
using lt::wrap;

LT_API lt_op lt_op_find(const char* name, const char* overload) {
  LT_TRY(nullptr, {
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
    // Operator handles stay valid for the life of the process; keep one copy per lookup.
    return new c10::OperatorHandle(handle);
  })
}

namespace {

const char* tag_name(int32_t tag) {
  switch (tag) {
    case LT_NONE: return "None";
    case LT_TENSOR: return "a tensor";
    case LT_INT: return "an int";
    case LT_DOUBLE: return "a float";
    case LT_BOOL: return "a bool";
    case LT_INT_LIST: return "an int list";
    case LT_DOUBLE_LIST: return "a float list";
    case LT_TENSOR_LIST: return "a tensor list";
    case LT_STRING: return "a string";
    case LT_DTYPE: return "a dtype";
    case LT_DEVICE: return "a device";
    case LT_OPT_TENSOR_LIST: return "an optional-tensor list";
    case LT_BOOL_LIST: return "a bool list";
    default: return "an unknown tag";
  }
}

// The schema type with Optional[...] removed.
const c10::Type& unwrap_optional(const c10::TypePtr& type) {
  if (type->kind() == c10::TypeKind::OptionalType) return *type->castRaw<c10::OptionalType>()->getElementType();
  return *type;
}

// Whether an argument with this tag fits the formal's type. Kinds not listed are left to the kernel,
// whose own message is less clear ("INTERNAL ASSERT FAILED ... please report a bug") but still an error.
bool accepts(const c10::Argument& formal, int32_t tag) {
  if (tag == LT_NONE) return formal.type()->kind() == c10::TypeKind::OptionalType || formal.type()->kind() == c10::TypeKind::NoneType;
  const c10::Type& t = unwrap_optional(formal.type());
  switch (t.kind()) {
    case c10::TypeKind::TensorType: return tag == LT_TENSOR;
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
    case c10::TypeKind::ScalarTypeType:
    case c10::TypeKind::LayoutType:
    case c10::TypeKind::MemoryFormatType: return tag == LT_INT || tag == LT_DTYPE;
    case c10::TypeKind::FloatType: return tag == LT_DOUBLE || tag == LT_INT;
    case c10::TypeKind::NumberType: return tag == LT_INT || tag == LT_DOUBLE || tag == LT_BOOL;
    case c10::TypeKind::BoolType: return tag == LT_BOOL;
    case c10::TypeKind::StringType: return tag == LT_STRING;
    case c10::TypeKind::DeviceObjType: return tag == LT_DEVICE;
    case c10::TypeKind::ListType: {
      const c10::Type& e = *t.castRaw<c10::ListType>()->getElementType();
      switch (e.kind()) {
        case c10::TypeKind::IntType:
        case c10::TypeKind::SymIntType: return tag == LT_INT_LIST;
        case c10::TypeKind::FloatType: return tag == LT_DOUBLE_LIST;
        case c10::TypeKind::BoolType: return tag == LT_BOOL_LIST;
        case c10::TypeKind::TensorType: return tag == LT_TENSOR_LIST;
        case c10::TypeKind::OptionalType: return tag == LT_OPT_TENSOR_LIST || tag == LT_TENSOR_LIST;
        default: return true;
      }
    }
    default: return true;
  }
}

c10::IValue to_ivalue(const lt_arg& a, const c10::Argument& formal) {
  switch (a.tag) {
    case LT_NONE: return c10::IValue();
    case LT_TENSOR: return c10::IValue(T(const_cast<void*>(a.p)));
    case LT_INT:
      // An int where the schema wants a float (e.g. a learning rate written as 1): convert, as Python does.
      if (unwrap_optional(formal.type()).kind() == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(a.i));
      return c10::IValue(a.i);
    case LT_DOUBLE: return c10::IValue(a.d);
    case LT_BOOL: return c10::IValue(a.i != 0);
    case LT_INT_LIST: {
      auto p = static_cast<const int64_t*>(a.p);
      c10::List<int64_t> list;
      list.reserve(a.len);
      for (int32_t k = 0; k < a.len; ++k) list.push_back(p[k]);
      return c10::IValue(std::move(list));
    }
    case LT_DOUBLE_LIST: {
      auto p = static_cast<const double*>(a.p);
      return c10::IValue(std::vector<double>(p, p + a.len));
    }
    case LT_BOOL_LIST: {
      auto p = static_cast<const uint8_t*>(a.p);
      c10::List<bool> list;
      for (int32_t k = 0; k < a.len; ++k) list.push_back(p[k] != 0);
      return c10::IValue(list);
    }
    case LT_TENSOR_LIST: {
      auto p = static_cast<void* const*>(a.p);
      c10::List<at::Tensor> list;
      list.reserve(a.len);
      for (int32_t k = 0; k < a.len; ++k) list.push_back(T(p[k]));
      return c10::IValue(std::move(list));
    }
    case LT_OPT_TENSOR_LIST: {
      auto p = static_cast<void* const*>(a.p);
      c10::List<c10::optional<at::Tensor>> list;
      for (int32_t k = 0; k < a.len; ++k) {
        if (p[k]) list.push_back(c10::optional<at::Tensor>(T(p[k])));
        else list.push_back(c10::nullopt);
      }
      return c10::IValue(list);
    }
    case LT_STRING: return c10::IValue(std::string(static_cast<const char*>(a.p)));
    case LT_DTYPE: return c10::IValue(static_cast<int64_t>(a.i));
    case LT_DEVICE:
      return c10::IValue(c10::Device(static_cast<c10::DeviceType>(a.i), static_cast<c10::DeviceIndex>(a.len)));
    default:
      throw std::runtime_error("argument '" + formal.name() + "' has an unknown tag " + std::to_string(a.tag));
  }
}

void push_default(c10::Stack& stack, const c10::Argument& formal, const c10::FunctionSchema& schema) {
  if (!formal.default_value().has_value()) {
    throw std::runtime_error("argument '" + formal.name() + "' of " + schema.name() + "." +
                             schema.overload_name() + " has no default and was not given");
  }
  stack.push_back(*formal.default_value());
}

// Flattens one returned value into tensor handles (moving out of it); scalars become 0-dim tensors.
void collect(c10::IValue& v, void** outs, int32_t cap, int32_t& n) {
  auto put = [&](at::Tensor t) {
    if (n >= cap) throw std::runtime_error("operator returned more values than the caller expected");
    outs[n++] = wrap(std::move(t));
  };
  if (v.isTensor()) put(std::move(v).toTensor());
  else if (v.isTensorList()) {
    c10::List<at::Tensor> list = std::move(v).toTensorList();
    for (size_t k = 0; k < list.size(); ++k) put(list.get(k));
  } else if (v.isTuple()) {
    for (c10::IValue e : v.toTupleRef().elements()) collect(e, outs, cap, n);
  }
  else if (v.isNone()) put(at::Tensor());
  else if (v.isDouble()) put(at::scalar_tensor(v.toDouble(), at::kDouble));
  else if (v.isInt()) put(at::scalar_tensor(v.toInt(), at::kLong));
  else if (v.isBool()) put(at::scalar_tensor(v.toBool(), at::kBool));
  else throw std::runtime_error("operator returned a value of kind " + v.tagKind() + " that the binding cannot return");
}

}  // namespace

// Calls op with nargs tagged arguments; writes up to max_outs tensor handles (null for an undefined
// tensor) and returns how many, or -1 on error (nothing written then). With outs == nullptr the
// results are dropped (in-place operators, whose result is their first argument) and 0 is returned.
LT_API int32_t lt_op_call(lt_op op, const lt_arg* args, int32_t nargs, void** outs, int32_t max_outs) {
  // One argument stack per thread, reused: it keeps its capacity, so a call allocates no vector.
  static thread_local c10::Stack stack;
  struct Clear {
    c10::Stack& s;
    ~Clear() { s.clear(); }  // drop references to inputs and outputs even when the call throws
  } clear{stack};
  LT_TRY(-1, {
    const auto& handle = *static_cast<const c10::OperatorHandle*>(op);
    const auto& schema = handle.schema();
    const auto& formals = schema.arguments();
    if (static_cast<size_t>(nargs) > formals.size()) {
      throw std::runtime_error(schema.name() + "." + schema.overload_name() + " takes " +
                               std::to_string(formals.size()) + " arguments, got " + std::to_string(nargs));
    }
    stack.clear();
    for (size_t k = 0; k < formals.size(); ++k) {
      if (static_cast<int32_t>(k) < nargs && args[k].tag != LT_DEFAULT) {
        if (!accepts(formals[k], args[k].tag)) {
          // The binding prefixes the operator's name to the message.
          throw std::runtime_error("argument " + std::to_string(k + 1) + " '" + formals[k].name() + "' takes " +
                                   formals[k].type()->str() + ", not " + tag_name(args[k].tag));
        }
        stack.push_back(to_ivalue(args[k], formals[k]));
      } else {
        push_default(stack, formals[k], schema);
      }
    }
    handle.callBoxed(&stack);
    if (outs == nullptr) return 0;
    int32_t n = 0;
    try {
      for (auto& v : stack) collect(v, outs, max_outs, n);
    } catch (...) {
      for (int32_t k = 0; k < n; ++k) delete static_cast<at::Tensor*>(outs[k]);
      throw;
    }
    return n;
  })
}

// The schema text of an operator, for error messages and tests. Freed with lt_string_free.
LT_API char* lt_op_schema(lt_op op) {
  LT_TRY(nullptr, {
    std::ostringstream os;
    os << static_cast<const c10::OperatorHandle*>(op)->schema();
    std::string s = os.str();
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
  })
}
