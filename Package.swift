// swift-tools-version:6.0
import PackageDescription

// Targets are layers; imports only point down:
//   C* (system libraries)  →  Tensor, Tokenizer, ImageIO, ModelIO  →  CLIP  →  ConText  →  executables
//   Tensor → Autograd;  NounPhrases, SynthCIR, CIRData, CIREval (no model);  all of them → Training → context-train
//   JSONWriting (JSON string literals) under HTTPServer, Service, SynthCIR and CIREval
let package = Package(
    name: "ConTextCIR",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "context-server", targets: ["context-server"]),
        .executable(name: "context-bench", targets: ["context-bench"]),
        .executable(name: "context-train", targets: ["context-train"]),
        .library(name: "ConText", targets: ["ConText"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries from Debian packages (see Makefile `deps`).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CWebP", pkgConfig: "libwebp", providers: [.apt(["libwebp-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // libjpeg and libpng report errors by longjmp, which Swift cannot catch: this C shim owns
        // the setjmp points and turns every library error into a return code.
        .target(name: "CImageShim", dependencies: ["CJPEG", "CPNG"]),

        // Our own C kernels that need explicit AVX2/FMA code (FMA peak probe, micro-kernels).
        // Optimised in debug builds too: the tests (goldens, the served demo model, training runs)
        // spend nearly all their time in these kernels, which are 10-30x slower at -O0.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"])]),

        .target(name: "Tensor", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "ModelIO", dependencies: ["Tensor"]),
        .target(name: "Tokenizer"),
        .target(name: "ImageIO", dependencies: ["CImageShim", "CJPEG", "CPNG", "CWebP", "CZlib"]),
        .target(name: "CLIP", dependencies: ["Tensor", "ModelIO"]),
        .target(name: "ConText", dependencies: ["CLIP", "Tensor", "ModelIO", "Tokenizer", "ImageIO"]),
        // Service layers (issue 3): HTTP parsing knows no sockets; the gallery knows no HTTP.
        .target(name: "HTTP1"),
        // JSON string literals for every module that writes JSON text by hand.
        .target(name: "JSONWriting"),
        .target(name: "Gallery", dependencies: ["Tensor", "COpenSSL", "CZlib"]),
        // OpenSSL's TLS API is mostly macros: a C shim gives Swift plain functions and statuses.
        .target(name: "CTLSShim", dependencies: ["COpenSSL"], linkerSettings: [.linkedLibrary("ssl")]),
        .target(name: "HTTPServer", dependencies: ["HTTP1", "CTLSShim", "JSONWriting"]),
        .target(name: "Service", dependencies: ["ConText", "Tensor", "HTTP1", "HTTPServer", "Gallery", "JSONWriting"]),

        // Training layers (issue 4): backward twins of the engine's layers, then data, evaluation and
        // the trainer. Only Training knows the model; the data and evaluation modules know none of it.
        .target(name: "Autograd", dependencies: ["Tensor", "CBLAS", "CKernels"]),
        .target(name: "NounPhrases"),
        .target(name: "SynthCIR", dependencies: ["CZlib", "JSONWriting"]),
        .target(name: "CIRData"),
        .target(name: "CIREval", dependencies: ["JSONWriting"]),
        .target(name: "Training", dependencies: [
            "Autograd", "CLIP", "ConText", "ModelIO", "Tensor", "Tokenizer", "ImageIO", "NounPhrases", "CIRData", "CIREval",
        ]),

        .executableTarget(name: "context-server", dependencies: [
            "ConText", "Service", "HTTPServer", "HTTP1", "Gallery", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "context-train", dependencies: [
            "Training", "SynthCIR", "CIRData", "CIREval", "NounPhrases", "ConText", "ModelIO",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "context-bench", dependencies: [
            "ConText", "Tensor", "CLIP", "ModelIO",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fuzzing (docs/fuzzing.md): the entry points live in one library so the libFuzzer
        // executables, their replay mains and FuzzReplayTests run the same code. Scripts/fuzz.sh
        // links the executables with -sanitize=fuzzer,address, which turns them into libFuzzer binaries.
        .target(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"),
        .target(name: "FuzzTargets", dependencies: ["CFuzzerDriver", "ImageIO", "ModelIO", "Tokenizer", "HTTP1", "Service"], path: "Fuzz/FuzzTargets"),
        .executableTarget(name: "fuzz-image", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-image"),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-safetensors"),
        .executableTarget(name: "fuzz-config", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-config"),
        .executableTarget(name: "fuzz-tokenizer", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-tokenizer"),
        .executableTarget(name: "fuzz-http", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-http"),
        .executableTarget(name: "fuzz-request", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-request"),

        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "ModelIOTests", dependencies: ["ModelIO", "Tensor"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO"]),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"]),
        .testTarget(name: "JSONWritingTests", dependencies: ["JSONWriting"]),
        .testTarget(name: "GalleryTests", dependencies: ["Gallery"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP1"]),
        .testTarget(name: "ServiceTests", dependencies: ["Service", "ConText"]),
        .testTarget(name: "ConTextTests", dependencies: ["ConText", "CLIP", "ModelIO", "Tensor"]),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "Tensor"]),
        .testTarget(name: "NounPhrasesTests", dependencies: ["NounPhrases"]),
        .testTarget(name: "SynthCIRTests", dependencies: ["SynthCIR", "ImageIO"]),
        .testTarget(name: "CIREvalTests", dependencies: ["CIREval", "CIRData"]),
        .testTarget(name: "TrainingTests", dependencies: [
            "Training", "Autograd", "CLIP", "ConText", "ModelIO", "Tensor", "SynthCIR", "CIRData", "CIREval",
        ]),
    ]
)

// One place for the strict settings every target of ours gets.
for target in package.targets where target.type != .system {
    // C-language targets take no Swift settings.
    if ["CImageShim", "CKernels", "CTLSShim", "CFuzzerDriver"].contains(target.name) { continue }
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
