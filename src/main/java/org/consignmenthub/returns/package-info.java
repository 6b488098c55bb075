/**
 * Customer returns and the title transfers they reverse.
 */
package org.consignmenthub.returns;
