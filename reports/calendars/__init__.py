"""Calendar feeds (iCal, RFC 5545): a person's own, a committee's, a body's public one; the 日历订阅 page."""
