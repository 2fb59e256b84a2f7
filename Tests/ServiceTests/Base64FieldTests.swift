import Foundation
@testable import Service
import XCTest

/// Image fields in JSON bodies are base64 as clients really send it: with a data-URL prefix,
/// wrapped in lines, without padding. Anything that is not base64 is refused (422 invalid_field), never guessed at.
final class Base64FieldTests: XCTestCase {
    func testAcceptsWhatClientsSend() throws {
        let bytes: [UInt8] = Array(0...255) + [1, 2, 3, 4, 5]
        let plain = Data(bytes).base64EncodedString()
        XCTAssertEqual(try RequestFields.base64(plain, field: "image"), bytes)
        XCTAssertEqual(try RequestFields.base64("data:image/jpeg;base64," + plain, field: "image"), bytes)
        let wrapped = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        XCTAssertEqual(try RequestFields.base64(" \t" + wrapped + "\n", field: "image"), bytes)
        XCTAssertEqual(try RequestFields.base64(String(plain.drop { _ in false }.filter { $0 != "=" }), field: "image"), bytes, "padding optional")
    }

    func testRefusesWhatIsNotBase64() {
        for bad in ["", "  \n ", "data:image/png;base64,", "abc$", "QUJD\u{00A0}RA==", "Q"] {
            XCTAssertThrowsError(try RequestFields.base64(bad, field: "image"), bad.debugDescription) { error in
                guard let e = error as? APIError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.status, 422, bad.debugDescription)
            }
        }
    }
}
