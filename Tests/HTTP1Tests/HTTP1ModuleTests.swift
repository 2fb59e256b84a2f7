import XCTest
@testable import HTTP1

final class HTTP1ModuleTests: XCTestCase {
    func testModuleLinks() { _ = HTTP1.self }
}
