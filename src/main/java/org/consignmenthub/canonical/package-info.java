/**
 * The canonical events every channel maps into, their JSON form, money rounding and business
 * refusals. Nothing here knows a channel.
 */
package org.consignmenthub.canonical;
