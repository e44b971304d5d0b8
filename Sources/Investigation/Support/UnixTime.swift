// Wall-clock time as the tables store it: whole unix seconds.
import Foundation

public enum UnixTime {
    public static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}
