/**
 * Who is calling and what they may touch: vendor parties (API clients, API keys, portal
 * users), each bound to one catalog vendor, and staff parties with their roles. The hub
 * issues its own tokens by default, checks every request, and keeps an audit log of
 * requests and credential changes.
 */
package org.consignmenthub.security;
