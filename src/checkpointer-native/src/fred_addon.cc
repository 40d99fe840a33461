// fred_addon.cc - the Node addon: thin. It checks arguments, calls the C image reader
// and turns failures into exceptions; every policy decision lives in TypeScript
// (src/fred/checkpointer/nativePaths.ts declares this surface).
#include <napi.h>

#include <cstdio>
#include <cstring>
#include <string>

#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" {
#include "fred_image_read.h"
}

namespace {

std::string Hex(uint64_t v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string PathArgument(const Napi::CallbackInfo &info, const char *usage)
{
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), usage);
    return info[0].As<Napi::String>().Utf8Value();
}

const char *AreaKind(uint32_t kind)
{
    switch (kind) {
    case FRED_AREA_ANON: return "anonymous";
    case FRED_AREA_FILE: return "file";
    case FRED_AREA_HEAP: return "heap";
    case FRED_AREA_STACK: return "stack";
    default: return "unknown";
    }
}

const char *FileKind(uint32_t kind)
{
    switch (kind) {
    case FRED_FILE_REGULAR: return "file";
    case FRED_FILE_DIRECTORY: return "directory";
    case FRED_FILE_TERMINAL: return "terminal";
    case FRED_FILE_DEVICE: return "device";
    case FRED_FILE_STANDARD: return "standard stream";
    default: return "unknown";
    }
}

std::string Permissions(uint32_t prot)
{
    std::string p = "---p";
    if (prot & 1) p[0] = 'r';
    if (prot & 2) p[1] = 'w';
    if (prot & 4) p[2] = 'x';
    return p;
}

// imageInfo(path) -> { header fields, areas: [...], files: [...] }
Napi::Value ImageInfo(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    std::string path = PathArgument(info, "Usage: imageInfo(path: string)");
    fred_image img;
    fred_error err = {};
    if (fred_image_open(path.c_str(), &img, &err) < 0) throw Napi::Error::New(env, err.message);
    const fred_image_header &h = img.header;
    Napi::Object out = Napi::Object::New(env);
    out.Set("formatVersion", h.version);
    out.Set("program", h.exe);
    out.Set("commandLine", h.cmdline);
    out.Set("cwd", h.cwd);
    out.Set("pid", h.pid);
    out.Set("uid", h.uid);
    out.Set("aslr", (h.personality & 0x0040000) == 0);
    out.Set("timeUnixMs", static_cast<double>(h.time_unix_ns / 1000000));
    out.Set("checkpointMs", static_cast<double>(h.checkpoint_ns) / 1e6);
    out.Set("imageBytes", static_cast<double>(h.image_size));
    out.Set("storedBytes", static_cast<double>(h.stored_bytes));
    out.Set("mappedBytes", static_cast<double>(h.mapped_bytes));
    out.Set("threads", h.thread_count);
    out.Set("fromOutside", (h.flags & FRED_IMAGE_FROM_OUTSIDE) != 0);   // a static program, taken by its supervisor
    Napi::Array areas = Napi::Array::New(env, h.area_count);
    for (uint32_t i = 0; i < h.area_count; i++) {
        const fred_area &a = img.areas[i];
        Napi::Object o = Napi::Object::New(env);
        o.Set("start", Hex(a.start));
        o.Set("end", Hex(a.end));
        o.Set("permissions", Permissions(a.prot));
        o.Set("kind", AreaKind(a.kind));
        const char *label = fred_image_string(&img, a.label);
        o.Set("file", a.path ? fred_image_string(&img, a.path) : label);
        o.Set("fileOffset", static_cast<double>(a.file_offset));
        o.Set("storedBytes", static_cast<double>(a.stored_bytes));
        o.Set("runs", a.run_count);
        o.Set("codeFromFile", (a.flags & FRED_AREA_EXEC_FROM_FILE) != 0);
        std::string build_id;
        for (uint32_t b = 0; b < a.build_id_len; b++) {
            char hex[3];
            std::snprintf(hex, sizeof hex, "%02x", a.build_id[b]);
            build_id += hex;
        }
        o.Set("buildId", build_id);
        areas.Set(i, o);
    }
    out.Set("areas", areas);
    Napi::Array files = Napi::Array::New(env, h.file_count);
    for (uint32_t i = 0; i < h.file_count; i++) {
        const fred_file &f = img.files[i];
        Napi::Object o = Napi::Object::New(env);
        o.Set("fd", f.fd);
        o.Set("kind", FileKind(f.kind));
        o.Set("path", fred_image_string(&img, f.path));
        o.Set("offset", static_cast<double>(f.offset));
        o.Set("flags", f.open_flags);
        files.Set(i, o);
    }
    out.Set("files", files);
    fred_image_close(&img);
    return out;
}

// imageVerify(path): throws naming the first corrupt part
Napi::Value ImageVerify(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    std::string path = PathArgument(info, "Usage: imageVerify(path: string)");
    fred_image img;
    fred_error err = {};
    if (fred_image_open(path.c_str(), &img, &err) < 0) throw Napi::Error::New(env, err.message);
    int rc = fred_image_verify(&img, path.c_str(), &err);
    fred_image_close(&img);
    if (rc < 0) throw Napi::Error::New(env, err.message);
    return env.Undefined();
}

// Something to count: one call, one execution.
__attribute__((noinline)) void CountedOnce()
{
    __asm__ volatile("" ::: "memory");
}

// Whether this machine's debug registers work for this user: a hardware breakpoint on a
// function counts its one call. Some virtual machines accept the event and never fire it;
// there gdb's hardware watchpoints never trigger either.
Napi::Value HardwareBreakpointsWork(const Napi::CallbackInfo &info)
{
    perf_event_attr attr;
    std::memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_BREAKPOINT;
    attr.bp_type = HW_BREAKPOINT_X;
    attr.bp_addr = reinterpret_cast<uintptr_t>(&CountedOnce);
    attr.bp_len = sizeof(long);
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    int fd = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
    if (fd < 0) return Napi::Boolean::New(info.Env(), false);
    CountedOnce();
    uint64_t count = 0;
    ssize_t n = read(fd, &count, sizeof count);
    close(fd);
    return Napi::Boolean::New(info.Env(), n == static_cast<ssize_t>(sizeof count) && count == 1);
}

Napi::Object Init(Napi::Env env, Napi::Object exports)
{
    exports.Set("hardwareBreakpointsWork", Napi::Function::New(env, HardwareBreakpointsWork));
    exports.Set("imageInfo", Napi::Function::New(env, ImageInfo));
    exports.Set("imageVerify", Napi::Function::New(env, ImageVerify));
    return exports;
}

}  // namespace

NODE_API_MODULE(fred_native, Init)
