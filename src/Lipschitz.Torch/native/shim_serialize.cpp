// State dicts as pickles: files written here open in Python with torch.load as a dict of tensors.
#include "shim_internal.h"
#include <torch/csrc/jit/serialization/pickle.h>
#include <fstream>
#include <iterator>

using lt::T;
using lt::wrap;

// Serialises names[k] -> tensors[k] into a freshly allocated buffer (freed with lt_buffer_free).
LT_API int32_t lt_pickle_state_dict(const char* const* names, const lt_tensor* tensors, int32_t n,
                                    char** out_data, int64_t* out_len) {
  LT_TRY(-1, {
    c10::Dict<std::string, at::Tensor> dict;
    for (int32_t k = 0; k < n; ++k) dict.insert(std::string(names[k]), T(tensors[k]).detach().cpu());
    std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
    char* buf = static_cast<char*>(std::malloc(bytes.size() ? bytes.size() : 1));
    if (!bytes.empty()) std::memcpy(buf, bytes.data(), bytes.size());
    *out_data = buf;
    *out_len = static_cast<int64_t>(bytes.size());
    return 0;
  })
}
LT_API void lt_buffer_free(char* p) { std::free(p); }

struct lt_state_dict {
  std::vector<std::string> names;
  std::vector<at::Tensor> tensors;
};

// Parses a pickled dict of tensors; returns an opaque handle read with lt_state_dict_* and freed with lt_state_dict_free.
LT_API void* lt_unpickle_state_dict(const char* data, int64_t len) {
  LT_TRY(nullptr, {
    std::vector<char> bytes(data, data + len);
    c10::IValue v = torch::jit::pickle_load(bytes);
    if (!v.isGenericDict()) {
      lt::set_error("the file does not hold a dict of tensors");
      return nullptr;
    }
    auto sd = std::make_unique<lt_state_dict>();
    for (const auto& entry : v.toGenericDict()) {
      if (!entry.key().isString() || !entry.value().isTensor()) {
        lt::set_error("the file holds a dict whose entries are not name -> tensor");
        return nullptr;
      }
      sd->names.push_back(entry.key().toStringRef());
      sd->tensors.push_back(entry.value().toTensor());
    }
    return sd.release();
  })
}
LT_API int32_t lt_state_dict_count(void* sd) { return static_cast<int32_t>(static_cast<lt_state_dict*>(sd)->names.size()); }
LT_API const char* lt_state_dict_name(void* sd, int32_t k) { return static_cast<lt_state_dict*>(sd)->names[k].c_str(); }
LT_API lt_tensor lt_state_dict_tensor(void* sd, int32_t k) {
  LT_TRY(nullptr, return wrap(static_cast<lt_state_dict*>(sd)->tensors[k]);)
}
LT_API void lt_state_dict_free(void* sd) { delete static_cast<lt_state_dict*>(sd); }
